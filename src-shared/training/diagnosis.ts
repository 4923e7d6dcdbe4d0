/**
 * Bias/variance diagnosis, the course's recipe. With the target (Bayes, or human-level) error as the
 * reference:
 *   avoidable bias = train error − target error
 *   variance       = dev error − train error
 * Each is "high" when it is at least its threshold, 2 percentage points (0.02) by default: the
 * course's worked cases (target ≈ 0) then read as it reads them — 1 % / 11 % high variance,
 * 15 % / 16 % high bias, 15 % / 30 % both, 0.5 % / 1 % fine. When both are high, `focus` names the
 * larger gap, which is the one to work on first. Errors are fractions in [0, 1]; for outputs without
 * an accuracy (linear), losses stand in for errors with the same thresholds (basis 'loss').
 */
import { z } from 'zod';

export const diagnosisVerdicts = ['high-bias', 'high-variance', 'high-bias-and-variance', 'fine'] as const;
export type DiagnosisVerdict = (typeof diagnosisVerdicts)[number];

export const defaultBiasThreshold = 0.02;
export const defaultVarianceThreshold = 0.02;
/** Keeps 0.1 − 0.08 (= 0.019999…) from falling under a 0.02 threshold by rounding. */
const comparisonSlack = 1e-9;

const measure = z.number().finite().min(0);

export const DiagnosisInput = z
  .object({
    trainError: measure,
    /** null when there is no dev set: variance cannot be judged. */
    devError: measure.nullable(),
    targetError: measure.default(0),
    biasThreshold: z.number().positive().max(1).default(defaultBiasThreshold),
    varianceThreshold: z.number().positive().max(1).default(defaultVarianceThreshold),
    basis: z.enum(['error', 'loss']).default('error'),
  })
  .strict();
export type DiagnosisInput = z.input<typeof DiagnosisInput>;

export interface Diagnosis {
  verdict: DiagnosisVerdict;
  /** Which gap to work on first, or null when neither is high. */
  focus: 'bias' | 'variance' | null;
  basis: 'error' | 'loss';
  trainError: number;
  devError: number | null;
  targetError: number;
  avoidableBias: number;
  /** null without a dev set. */
  variance: number | null;
  biasThreshold: number;
  varianceThreshold: number;
  /** One sentence for a person. */
  summary: string;
  /** The course's remedies for the diagnosed problem(s), most useful first. */
  remedies: string[];
}

/** The course's remedies, each named once: the diagnosis lists them, remedies.ts acts on them. */
export const remedyTexts = {
  biggerNetwork: 'Use a bigger network: more hidden units or more layers.',
  trainLonger: 'Train longer (more epochs).',
  betterOptimizer: 'Use a better optimizer (momentum, RMSprop or Adam) or tune the learning rate.',
  otherArchitecture: 'Try a different architecture (activations, batch norm).',
  lessRegularization: 'Reduce regularization (lower L2 λ, raise keep-prob) if it holds the training fit back.',
  moreData: 'Get more training data.',
  regularize: 'Add regularization: L2 weight decay or dropout.',
  augment: 'Augment the data (plausible variations of the training examples).',
  smallerOrEarlyStop: 'Try a different architecture (often a smaller network), or stop early on the dev loss.',
} as const;
export type RemedyTextKey = keyof typeof remedyTexts;

export const biasRemedies: string[] = [remedyTexts.biggerNetwork, remedyTexts.trainLonger, remedyTexts.betterOptimizer, remedyTexts.otherArchitecture, remedyTexts.lessRegularization];

export const varianceRemedies: string[] = [remedyTexts.moreData, remedyTexts.regularize, remedyTexts.augment, remedyTexts.smallerOrEarlyStop];

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { trainError, devError, targetError, biasThreshold, varianceThreshold, basis } = DiagnosisInput.parse(input);
  const avoidableBias = trainError - targetError;
  const variance = devError === null ? null : devError - trainError;
  const highBias = avoidableBias + comparisonSlack >= biasThreshold;
  const highVariance = variance !== null && variance + comparisonSlack >= varianceThreshold;

  const verdict: DiagnosisVerdict = highBias && highVariance ? 'high-bias-and-variance' : highBias ? 'high-bias' : highVariance ? 'high-variance' : 'fine';
  const focus = !highBias && !highVariance ? null : highBias && (!highVariance || avoidableBias >= variance!) ? 'bias' : 'variance';
  const remedies = focus === 'variance' ? [...varianceRemedies, ...(highBias ? biasRemedies : [])] : [...(highBias ? biasRemedies : []), ...(highVariance ? varianceRemedies : [])];

  return {
    verdict,
    focus,
    basis,
    trainError,
    devError,
    targetError,
    avoidableBias,
    variance,
    biasThreshold,
    varianceThreshold,
    summary: summarize(verdict, basis, avoidableBias, variance),
    remedies,
  };
}

function summarize(verdict: DiagnosisVerdict, basis: 'error' | 'loss', avoidableBias: number, variance: number | null): string {
  const amount = (value: number) => (basis === 'error' ? `${(Math.abs(value) * 100).toFixed(1)} points` : Math.abs(value).toPrecision(3));
  const side = (value: number) => (value < 0 ? 'below' : 'above');
  const biasPart = `the training ${basis} is ${amount(avoidableBias)} ${side(avoidableBias)} the target`;
  const variancePart = variance === null ? 'there is no dev set to measure variance' : `the dev ${basis} is ${amount(variance)} ${side(variance)} the training ${basis}`;
  switch (verdict) {
    case 'high-bias-and-variance':
      return `High bias and high variance: ${biasPart}, and ${variancePart}.`;
    case 'high-bias':
      return `High bias (underfitting): ${biasPart}; ${variancePart}.`;
    case 'high-variance':
      return `High variance (overfitting): ${variancePart}, while ${biasPart}.`;
    case 'fine':
      return `Neither bias nor variance is high: ${biasPart}, and ${variancePart}.`;
  }
}
