// Deepwire's WebAssembly SIMD128 kernels: the entry that scripts/build-wasm.mjs compiles.
// Every function works on f32 tensors at byte offsets in the imported memory, which the
// TypeScript side lays out (src-shared/engine/fast/network-plan.ts for the parameter block,
// scratch-layout.ts for the batch buffers, arena.ts for the offsets; wasm-trainer.ts places them).
export { gemm, packedASize, packedBSize } from './gemm';
export { compressRows, transposeCompressed, compressedTimesDense } from './sparse';
export {
  reluForward, reluBackward, leakyReluForward, leakyReluBackward,
  tanhForward, tanhBackward, sigmoidForward, sigmoidBackward,
} from './activations';
export { softmaxCrossEntropy, sigmoidBinaryCrossEntropy, sigmoidSquaredError, linearSquaredError, softmaxRows } from './losses';
export { columnSums, sumOfSquares, addScaled } from './reductions';
export { gdUpdate, momentumUpdate, rmspropUpdate, adamUpdate } from './optimizers';

/** First byte the TypeScript side may use: everything below holds the kernels' own constants. */
export function heapBase(): usize {
  return __heap_base;
}
