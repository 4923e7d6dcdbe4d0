/** Size limits a design must stay within, in one place so validation, edits and messages agree. */

/** Networks with more trainable parameters are refused (about 800 MB of training state with Adam). */
export const defaultMaxParameters = 50_000_000;
/** The model spec's own limit on its layer list. */
export const maxLayers = 256;
/** The document schema's limits (doc.ts). */
export const maxNodes = 500;
export const maxEdges = 1000;
