/**
 * A training run's settings as one plain, JSON-safe object: what the CLI builds from its options,
 * what IPC carries and what the experiment store keeps. The schemas are the contract's
 * (api/training-settings.ts); they are re-exported here for the training code.
 */
export { BatchSizeSetting, EarlyStoppingConfig, TrainingConfig, type TrainingConfigInput } from '../api/training-settings';
