/**
 * Float64 columns as the experiment database keeps them in a BLOB (step-chunks.ts,
 * report-chunks.ts): the values' bytes in the platform's byte order — every platform Deepwire
 * builds for is little-endian.
 */

/** The first `length` values' bytes, without a copy. */
export function float64Blob(values: Float64Array, length = values.length): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, length * 8);
}

/** A BLOB's values, copied into fresh (8-byte aligned) memory: SQLite's buffer may start anywhere. */
export function float64sOf(blob: Uint8Array): Float64Array {
  const values = new Float64Array(blob.byteLength / 8);
  new Uint8Array(values.buffer).set(blob);
  return values;
}
