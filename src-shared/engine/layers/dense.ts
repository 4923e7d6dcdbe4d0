/**
 * Fully connected layer, Z = X·W + b, with W stored fan_in × fan_out (see matrix.ts) and the
 * bias optional (dropped when batch norm follows, whose β takes its place).
 */
import { addRowVector, matMul, matMulTransposeA, matMulTransposeB, sumRows } from '../matrix';
import { allocate, type Dtype, type FloatArray, type ForwardMode, type ParameterTensor } from '../types';
import { ensureCapacity, type Layer } from './layer';

export class DenseLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'dense';
  readonly parameters: ParameterTensor<A>[];
  readonly state = [];
  readonly weights: ParameterTensor<A>;
  readonly bias: ParameterTensor<A> | null;
  private output: A;
  private inputGradient: A;
  /** The input of the last forward pass, kept by reference for dL/dW. */
  private input: A | null = null;

  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly outputSize: number,
    useBias: boolean,
    dtype: Dtype,
  ) {
    const tensor = (suffix: string, role: 'weight' | 'bias', rows: number, cols: number): ParameterTensor<A> => ({
      name: `${name}.${suffix}`,
      layer: name,
      role,
      rows,
      cols,
      value: allocate<A>(dtype, rows * cols),
      grad: allocate<A>(dtype, rows * cols),
    });
    this.weights = tensor('W', 'weight', inputSize, outputSize);
    this.bias = useBias ? tensor('b', 'bias', 1, outputSize) : null;
    this.parameters = this.bias ? [this.weights, this.bias] : [this.weights];
    this.output = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
  }

  forward(x: A, batchSize: number, _mode: ForwardMode): A {
    this.output = ensureCapacity(this.output, batchSize * this.outputSize);
    this.input = x;
    // Z = X·W
    matMul(x, this.weights.value, this.output, batchSize, this.inputSize, this.outputSize);
    // Z += b (broadcast over rows)
    if (this.bias) addRowVector(this.output, this.bias.value, batchSize, this.outputSize);
    return this.output;
  }

  backward(dLdZ: A, batchSize: number, needInputGradient: boolean): A | null {
    const x = this.input;
    if (!x) throw new Error(`${this.name}: backward called before forward.`);
    // dL/dW = Xᵀ·dL/dZ
    matMulTransposeA(x, dLdZ, this.weights.grad, batchSize, this.inputSize, this.outputSize);
    // dL/db = Σ_rows dL/dZ
    if (this.bias) sumRows(dLdZ, this.bias.grad, batchSize, this.outputSize);
    if (!needInputGradient) return null;
    this.inputGradient = ensureCapacity(this.inputGradient, batchSize * this.inputSize);
    // dL/dX = dL/dZ·Wᵀ
    matMulTransposeB(dLdZ, this.weights.value, this.inputGradient, batchSize, this.outputSize, this.inputSize);
    return this.inputGradient;
  }
}
