/**
 * Shared engine types. Matrices are row-major typed arrays: Float32Array for training,
 * Float64Array for gradient checking; every layer and kernel is written once for both.
 */

export type FloatArray = Float32Array | Float64Array;
export type Dtype = 'float32' | 'float64';

/** Allocates a zero-filled array of the model's element type. */
export function allocate<A extends FloatArray>(dtype: Dtype, length: number): A {
  return (dtype === 'float32' ? new Float32Array(length) : new Float64Array(length)) as A;
}

export function dtypeOf(array: FloatArray): Dtype {
  return array instanceof Float32Array ? 'float32' : 'float64';
}

/** What a trainable tensor is: decides L2 (weights only) and initialization. */
export type ParameterRole = 'weight' | 'bias' | 'gamma' | 'beta';

/** A trainable tensor with its gradient, laid out rows × cols row-major. */
export interface ParameterTensor<A extends FloatArray = FloatArray> {
  /** Stable name, e.g. "dense1.W", "bn1.gamma". */
  readonly name: string;
  /** The owning layer's name, e.g. "dense1". */
  readonly layer: string;
  readonly role: ParameterRole;
  readonly rows: number;
  readonly cols: number;
  readonly value: A;
  /** ∂L/∂value from the last backward pass (overwritten, not accumulated, by each pass). */
  readonly grad: A;
}

/** A non-trainable tensor that is saved with the weights (batch-norm running statistics). */
export interface StateTensor<A extends FloatArray = FloatArray> {
  readonly name: string;
  readonly layer: string;
  readonly rows: number;
  readonly cols: number;
  readonly value: A;
}

/** How a forward pass behaves. Use the constants below: they keep hot loops allocation-free. */
export interface ForwardMode {
  /** Batch statistics (true) or running statistics (false) in batch norm. */
  readonly training: boolean;
  /** Whether batch norm may update its running averages in this pass. */
  readonly updateRunningStats: boolean;
  /** 'sample' draws a fresh dropout mask, 'reuse' applies the last one, 'off' makes dropout the identity. */
  readonly dropout: 'sample' | 'reuse' | 'off';
}

/** An optimizer step's forward pass: dropout on, batch statistics, running averages updated. */
export const TRAINING: ForwardMode = { training: true, updateRunningStats: true, dropout: 'sample' };
/** Prediction: dropout off, batch norm uses its running statistics. */
export const INFERENCE: ForwardMode = { training: false, updateRunningStats: false, dropout: 'off' };
/**
 * Gradient checking: the loss must be a pure function of the parameters, so dropout is off and
 * batch norm uses batch statistics without touching its running averages.
 */
export const GRADIENT_CHECK: ForwardMode = { training: true, updateRunningStats: false, dropout: 'off' };
