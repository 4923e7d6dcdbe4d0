/**
 * What a training run reports while it runs and when it ends. Every number is finite or null.
 * The schemas live in the contract (api/training.ts); the types here are derived from them, and the
 * checks below make the compiler refuse a Metrics or Diagnosis that drifts from its schema.
 */
import type { z } from 'zod';
import type * as schemas from '../api/training';
import type { Diagnosis } from './diagnosis';
import type { Metrics } from './metrics';

export { finalStatuses } from '../api/training';
export type FinalStatus = z.infer<typeof schemas.FinalStatus>;
export type TrainingStatus = 'running' | 'paused' | FinalStatus;
export type LayerNorms = z.infer<typeof schemas.LayerNorms>;
export type TrainingProgress = z.infer<typeof schemas.TrainingProgress>;
export type AppliedAdjustment = z.infer<typeof schemas.AppliedAdjustment>;
export type LastFiniteMetrics = z.infer<typeof schemas.LastFiniteMetrics>;
export type TrainingResult = z.infer<typeof schemas.TrainingResult>;

/** true only when A and B are the same type (each assignable to the other). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when its argument is `true`. */
type Assert<T extends true> = T;
export type _MetricsMatchesSchema = Assert<Same<Metrics, z.infer<typeof schemas.Metrics>>>;
export type _DiagnosisMatchesSchema = Assert<Same<Diagnosis, z.infer<typeof schemas.Diagnosis>>>;
