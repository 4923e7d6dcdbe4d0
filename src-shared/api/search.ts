/** The search domain (empty for now): starting, watching and stopping hyperparameter sweeps come here. */
export const searchCommands = {} as const;
export const searchEvents = {} as const;
