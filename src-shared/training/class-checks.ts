/**
 * Whether a labelled data set can train a classifier: at least two classes, no more than a network
 * can output, and (a warning) every class that dev or test holds also present in the training rows.
 */
import { classCounts, type Dataset } from '../data/dataset';
import { DenseSpec } from '../engine/spec';

/** One output unit per class, and a dense layer has at most this many units. */
export const maxClasses = DenseSpec.shape.units.maxValue ?? 4096;

const count = (n: number) => n.toLocaleString('en-US');

function labelSubject(labelName: string | null): string {
  return labelName === null ? 'the labels' : `the label column "${labelName}"`;
}

/** Why these labels cannot train a classifier, or null. */
export function classProblem(data: Pick<Dataset, 'y' | 'classes' | 'classNames' | 'rows'>, labelName: string | null): string | null {
  if (data.classes > maxClasses) {
    return (
      `${labelSubject(labelName)} has ${count(data.classes)} distinct values, more classes than a network can output ` +
      `(at most ${count(maxClasses)} output units, one per class); check that it is the right label column, or for a numeric target use a linear output with 1 unit`
    );
  }
  const present = classCounts(data).flatMap((rows, index) => (rows > 0 ? [index] : []));
  if (present.length < 2) {
    const only = present[0] === undefined ? null : (data.classNames?.[present[0]] ?? String(present[0]));
    return (
      `${labelSubject(labelName)} has only one class${only === null ? '' : ` ("${only}")`} in its ${count(data.rows)} rows; ` +
      'a classifier needs at least two classes: choose another label column or add rows of the other classes'
    );
  }
  return null;
}

/** A warning per class that dev or test holds but the training rows do not (the network never sees it). */
export function unseenClassWarnings(parts: { train: Dataset; dev: Dataset | null; test: Dataset | null }): string[] {
  const inTrain = classCounts(parts.train);
  const warnings: string[] = [];
  for (const [part, data] of [['dev', parts.dev], ['test', parts.test]] as const) {
    if (!data) continue;
    classCounts(data).forEach((rows, index) => {
      if (rows === 0 || (inTrain[index] ?? 0) > 0) return;
      const name = data.classNames?.[index] ?? String(index);
      warnings.push(
        `class "${name}" appears in the ${part} set (${count(rows)} row${rows === 1 ? '' : 's'}) but not in the training set, so the network cannot learn it; ` +
          'use more data, a different split or another data seed.',
      );
    });
  }
  return warnings;
}
