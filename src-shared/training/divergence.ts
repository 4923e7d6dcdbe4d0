/** What to tell a person whose run diverged: what happened, and the usual causes in the order to try them. */
export function divergenceHint(what: string, learningRate: number): string {
  return (
    `The run diverged: ${what}. Lower the learning rate (it was ${learningRate.toPrecision(3)}), check that the inputs are normalized ` +
    `(z-score or min-max), and prefer He or Xavier initialization over large random weights.`
  );
}
