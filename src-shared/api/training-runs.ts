/**
 * The training domain's commands and events: runs started from a design and settings, each trained
 * in its own worker, steered while it trains (pause, resume, stop, adjust) and streamed to every
 * window. Streaming rule: `training:progress` carries every new step point of a run in order, with
 * `fromStep` the step of its first point, so a page that sees a gap (it connected mid-run, or a slow
 * page had events coalesced) asks `training:get {runId, fromStep}` for what it missed; nothing a
 * chart needs is ever only in a dropped message.
 */
import { z } from 'zod';
import { command, emptyRequest, isoDate } from './define';
import { JsonObject } from './designs';
import { AppliedAdjustment, Metrics, TrainingProgress, TrainingResult } from './training';
import { AdjustmentChanges, backendKinds, RunSettings, TrainingAdjustment } from './training-settings';

const count = z.number().int().min(0);

export const RunId = z.string().regex(/^run-[a-z0-9-]{1,64}$/, 'a run id looks like run-1');
export type RunId = z.infer<typeof RunId>;

/** Where a run is: waiting for a free core, training, paused, or ended (and how). */
export const runStates = ['queued', 'running', 'paused', 'completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted'] as const;
export const RunState = z.enum(runStates);
export type RunState = z.infer<typeof RunState>;
export const endedRunStates: readonly RunState[] = ['completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted'];

/** One optimizer step: what the loss chart plots for every step (its EWA is computed where it is drawn, with the β the person picks). */
export const StepPoint = z
  .object({
    step: count,
    /** The epoch the step belongs to, from 1. */
    epoch: count,
    /** The mini-batch loss including the L2 term; null once it is not finite. */
    loss: z.number().nullable(),
    learningRate: z.number().min(0),
  })
  .strict();
export type StepPoint = z.infer<typeof StepPoint>;

/** The 2-D input plane coloured by the model's prediction, with the data points on it (original, unnormalized units). */
export const DecisionBoundary = z
  .object({
    xMin: z.number(),
    xMax: z.number(),
    yMin: z.number(),
    yMax: z.number(),
    /** Cells per side; `classOf` and `confidence` have size² entries, row by row from yMin. */
    size: z.number().int().min(2).max(200),
    classOf: z.array(count),
    /** Probability of the predicted class (0.5–1 for two classes). */
    confidence: z.array(z.number().min(0).max(1)),
    points: z.object({ x: z.array(z.number()), y: z.array(z.number()), label: z.array(count) }).strict(),
  })
  .strict();
export type DecisionBoundary = z.infer<typeof DecisionBoundary>;

/** counts[true class][predicted class] on the dev set. */
export const ConfusionMatrix = z.object({ classNames: z.array(z.string()), counts: z.array(z.array(count)) }).strict();
export type ConfusionMatrix = z.infer<typeof ConfusionMatrix>;

/** A few dev images (MNIST) with their true and predicted labels. */
export const ImageGallery = z
  .object({
    width: z.number().int().min(1).max(64),
    height: z.number().int().min(1).max(64),
    /** Each image's pixels row by row, 0–1. */
    images: z.array(z.array(z.number().min(0).max(1))),
    label: z.array(count),
    predicted: z.array(count),
  })
  .strict();
export type ImageGallery = z.infer<typeof ImageGallery>;

/** What a run's pictures show at one step: each part is null when it does not apply to the data. */
export const RunVisuals = z
  .object({
    step: count,
    epoch: count,
    boundary: DecisionBoundary.nullable(),
    confusion: ConfusionMatrix.nullable(),
    gallery: ImageGallery.nullable(),
  })
  .strict();
export type RunVisuals = z.infer<typeof RunVisuals>;

/** What the run list and the status line show of a run. */
export const RunSummary = z
  .object({
    runId: RunId,
    /** The design's name (or "Untitled") and the data set, e.g. "Course net on moons". */
    label: z.string().max(300),
    state: RunState,
    createdAt: isoDate,
    /** The name of the data set (a generator, mnist, iris or the CSV file's name). */
    dataset: z.string().max(300),
    settings: RunSettings,
    parameters: count,
    epoch: count,
    epochs: count,
    step: count,
    totalSteps: count,
    /** Over the last few seconds of training; null before the first step. */
    stepsPerSecond: z.number().min(0).nullable(),
    /** Latest train and dev metrics (epoch reports). */
    train: Metrics.nullable(),
    dev: Metrics.nullable(),
    /** Set when the run has ended with a result (not for failed or interrupted runs). */
    result: TrainingResult.nullable(),
    test: Metrics.nullable(),
    /** Why it failed, or warnings about its data, in sentences. */
    error: z.string().max(4000).nullable(),
    warnings: z.array(z.string().max(1000)),
    /** Changes made while it trained, with the step each took effect. */
    interventions: z.array(AppliedAdjustment),
    /** The run whose final weights this one started from (history:continue), or whose checkpoint it branched from (training:rollback); absent or null for a fresh start. */
    continuedFrom: RunId.nullable().optional(),
    /**
     * A branch (panda's rollback): the checkpoint of `continuedFrom` it started from. Its own steps
     * count from 1; a chart that overlays it on its parent shifts it by `step` (and `epoch`).
     */
    branchedAt: z.object({ epoch: count, step: count }).strict().nullable().optional(),
    /** Which engine took its steps (settings.backend is what was asked for); absent before it started, and for runs recorded before engines were named. */
    backend: z.enum(backendKinds).optional(),
  })
  .strict();
export type RunSummary = z.infer<typeof RunSummary>;

/** A run's history from a step on: enough to draw its charts from scratch (a reload, a late window). */
export const RunHistory = z
  .object({
    run: RunSummary,
    steps: z.array(StepPoint),
    /** Epoch and evaluation reports (train/dev metrics, gradient norms) in order. */
    reports: z.array(TrainingProgress),
    visuals: RunVisuals.nullable(),
    /** Where to ask from for the rest (a long run comes in pages), or null when this reached the latest step. */
    nextStep: count.nullable(),
  })
  .strict();
export type RunHistory = z.infer<typeof RunHistory>;

/** Steps in one training:get answer unless it asks for fewer: a long run's history comes in pages of this size. */
export const maxHistoryPage = 20_000;

const runRef = z.object({ runId: RunId }).strict();

/** The gradient check's report (engine/gradcheck.ts), as it travels. */
export const GradientCheckResult = z
  .object({
    relativeDifference: z.number().min(0).nullable(),
    verdict: z.enum(['good', 'look closer', 'wrong', 'inconclusive']),
    explanation: z.string(),
    layers: z.array(z.object({ name: z.string(), relativeDifference: z.number().min(0).nullable() }).strict()),
    /** The layer with the largest relative difference (the one to mark on the canvas), or null. */
    worstLayer: z.string().nullable(),
    rows: count,
    /** Tensors compared on a sample of their entries: "dense1.W: 200 of 16,384". */
    sampled: z.array(z.string()),
  })
  .strict();
export type GradientCheckResult = z.infer<typeof GradientCheckResult>;

export const StartTrainingRequest = z
  .object({
    /** The design document as the editor holds it; main parses, validates and compiles it. */
    design: JsonObject,
    /** The design's name, for the run's label (unsaved designs are "Untitled"). */
    name: z.string().trim().min(1).max(100).optional(),
    settings: RunSettings,
  })
  .strict();

export const trainingCommands = {
  /** Validates and compiles the design against the data, then queues the run (it starts when a core is free). */
  'training:start': command(StartTrainingRequest, RunSummary),
  'training:pause': command(runRef, RunSummary),
  'training:resume': command(runRef, RunSummary),
  /** Ends the run between steps with state 'stopped' (its points and result are kept). */
  'training:stop': command(runRef, RunSummary),
  /** Applied between steps; the step it took effect is recorded in interventions and sent with progress. */
  'training:adjust': command(z.object({ runId: RunId, changes: TrainingAdjustment }).strict(), RunSummary),
  /** The runs of this launch, newest first. */
  'training:list': command(emptyRequest, z.object({ runs: z.array(RunSummary) }).strict()),
  /** A run with its points from `fromStep` on (default 1), at most `limit` steps (default and most: maxHistoryPage); `nextStep` says where to go on. */
  'training:get': command(z.object({ runId: RunId, fromStep: count.optional(), limit: z.number().int().min(1).max(maxHistoryPage).optional() }).strict(), RunHistory),
  /** The checkpoints a run has kept so far (every few epochs and at the end), oldest first: where a rollback can go. */
  'training:checkpoints': command(runRef, z.object({ checkpoints: z.array(z.object({ epoch: count, step: count }).strict()) }).strict()),
  /**
   * Panda's rollback: a branch of the run from its checkpoint at `epoch` (weights and optimizer state),
   * trained for the epochs the run had left, with `changes` applied from the start (e.g. a lower
   * learning rate). The run itself is stopped first if it still trains. A new run: continuedFrom =
   * runId, branchedAt = the checkpoint.
   */
  'training:rollback': command(z.object({ runId: RunId, epoch: count, changes: AdjustmentChanges.optional() }).strict(), RunSummary),
  /** The float64 gradient check of the design on a few rows of the data, in a worker. */
  'training:gradcheck': command(
    z.object({ design: JsonObject, settings: RunSettings, rows: z.number().int().min(1).max(256).optional() }).strict(),
    GradientCheckResult,
  ),
} as const;

export const trainingEvents = {
  /**
   * New points of one run since its last message: `steps` are contiguous from `fromStep`; `reports`,
   * `interventions` and `visuals` are new since the last message too. Coalesced by the host (at most
   * ~30 messages a second per window, however many runs train).
   */
  'training:progress': z
    .object({
      runId: RunId,
      fromStep: count,
      steps: z.array(StepPoint),
      reports: z.array(TrainingProgress),
      interventions: z.array(AppliedAdjustment),
      visuals: RunVisuals.nullable(),
      state: RunState,
      step: count,
      epoch: count,
      stepsPerSecond: z.number().min(0).nullable(),
    })
    .strict(),
  /** A run was queued, changed state or ended (with its result): the whole summary. */
  'training:state': z.object({ run: RunSummary }).strict(),
} as const;
