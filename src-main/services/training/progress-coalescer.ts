/**
 * Coalesces each run's progress in main: whatever its worker posts is gathered per run and sent
 * as one `training:progress` event per run at most once per interval, each event carrying every
 * point since that run's previous event (contiguous from `fromStep`), so nothing is dropped and
 * many fast runs cost one event per run per interval. The hosts then batch events into messages.
 * Steps arrive as columns (step-columns.ts) and become the contract's points only here, once per event.
 */
import type { AppliedAdjustment, EventPayload, RunVisuals, TrainingProgress } from '@shared/api';
import { stepPointsOf, type StepColumns } from '@shared/training/step-columns';

export type ProgressEvent = EventPayload<'training:progress'>;
/** What the event says of the run beside its new points: taken when the event is sent. */
export type RunPosition = Pick<ProgressEvent, 'state' | 'step' | 'epoch' | 'stepsPerSecond'>;

interface Pending {
  steps: StepColumns[];
  reports: TrainingProgress[];
  interventions: AppliedAdjustment[];
  visuals: RunVisuals | null;
}

export interface ProgressPart {
  steps?: StepColumns | null;
  reports?: readonly TrainingProgress[];
  interventions?: readonly AppliedAdjustment[];
  visuals?: RunVisuals | null;
}

export class ProgressCoalescer {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: {
      send: (event: ProgressEvent) => void;
      position: (runId: string) => RunPosition;
      intervalMs: number;
    },
  ) {}

  add(runId: string, part: ProgressPart): void {
    let pending = this.pending.get(runId);
    if (!pending) {
      pending = { steps: [], reports: [], interventions: [], visuals: null };
      this.pending.set(runId, pending);
    }
    if (part.steps) pending.steps.push(part.steps);
    if (part.reports) pending.reports.push(...part.reports);
    if (part.interventions) pending.interventions.push(...part.interventions);
    if (part.visuals) pending.visuals = part.visuals;
    this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Sends what is pending now: for one run (before its state changes) or for all. */
  flush(runId?: string): void {
    const ids = runId === undefined ? [...this.pending.keys()] : [runId];
    for (const id of ids) {
      const pending = this.pending.get(id);
      if (!pending) continue;
      this.pending.delete(id);
      const position = this.options.position(id);
      const steps = pending.steps.flatMap((part) => stepPointsOf(part));
      this.options.send({ runId: id, fromStep: steps[0]?.step ?? position.step + 1, ...pending, steps, ...position });
    }
    // Nothing left to send: no timer either (a flush of every run empties the map).
    if (this.pending.size === 0 && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
