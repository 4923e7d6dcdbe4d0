/**
 * Data sets in SharedArrayBuffers: copied once in main, then every worker that trains on them
 * reads the same memory (structured cloning a SharedArrayBuffer-backed array shares it).
 */
import type { Dataset } from '@shared/data/dataset';
import type { LoadedData } from '@shared/training/prepare-run';

function sharedCopy<T extends Float32Array | Int32Array>(array: T, make: (buffer: SharedArrayBuffer) => T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = make(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

export function sharedDataset(data: Dataset): Dataset {
  return {
    ...data,
    x: sharedCopy(data.x, (buffer) => new Float32Array(buffer)),
    y: sharedCopy(data.y, (buffer) => new Int32Array(buffer)),
    ...(data.values && { values: sharedCopy(data.values, (buffer) => new Float32Array(buffer)) }),
  };
}

export function sharedLoadedData(loaded: LoadedData): LoadedData {
  return { ...loaded, all: sharedDataset(loaded.all), test: loaded.test && sharedDataset(loaded.test) };
}
