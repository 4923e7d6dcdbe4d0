/**
 * A labelled data set held as one row-major feature matrix and one class index per row.
 * Every generator, loader and parser produces this shape; splits and normalizers keep it.
 */

export interface Dataset {
  /** rows × features, row-major. */
  x: Float32Array;
  /** One class index (0 … classes−1) per row. */
  y: Int32Array;
  rows: number;
  features: number;
  classes: number;
  /** Display names of the classes, index-aligned (e.g. the CSV's original label strings). */
  classNames?: string[];
  /**
   * The label's numeric value per row when the labels were numbers (a CSV column of numbers):
   * what a linear (regression) output is trained against instead of the class index.
   */
  values?: Float32Array;
}

/** Checks the invariants every producer must keep; throws with the first broken one (a programming error). */
export function assertDatasetShape(data: Dataset): void {
  if (data.x.length !== data.rows * data.features) throw new Error(`dataset: x has ${data.x.length} values, expected ${data.rows} × ${data.features}`);
  if (data.y.length !== data.rows) throw new Error(`dataset: y has ${data.y.length} labels, expected ${data.rows}`);
  if (data.values && data.values.length !== data.rows) throw new Error(`dataset: values has ${data.values.length} entries, expected ${data.rows}`);
  if (data.classNames && data.classNames.length !== data.classes) throw new Error(`dataset: ${data.classNames.length} class names for ${data.classes} classes`);
  for (const label of data.y) {
    if (label < 0 || label >= data.classes) throw new Error(`dataset: label ${label} is outside 0 … ${data.classes - 1}`);
  }
}

/** The rows at `indices`, in that order, as a new data set with the same classes. */
export function selectRows(data: Dataset, indices: readonly number[]): Dataset {
  const { features } = data;
  const x = new Float32Array(indices.length * features);
  const y = new Int32Array(indices.length);
  const values = data.values ? new Float32Array(indices.length) : undefined;
  indices.forEach((source, row) => {
    x.set(data.x.subarray(source * features, (source + 1) * features), row * features);
    y[row] = data.y[source]!;
    if (values) values[row] = data.values![source]!;
  });
  return {
    x,
    y,
    rows: indices.length,
    features,
    classes: data.classes,
    ...(data.classNames && { classNames: [...data.classNames] }),
    ...(values && { values }),
  };
}

/** How many rows carry each class. */
export function classCounts(data: Pick<Dataset, 'y' | 'classes'>): number[] {
  const counts = new Array<number>(data.classes).fill(0);
  for (const label of data.y) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Labels as one-hot rows: rows × classes, a 1 in each row's class column. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`oneHot: label ${label} in row ${row} is outside 0 … ${classes - 1}`);
    out[row * classes + label] = 1;
  }
  return out;
}
