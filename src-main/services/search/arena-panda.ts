/**
 * The arena's panda side: one run of the base settings, as many epochs as the budget holds and cut
 * at exactly the budget (its step limit), babysat by the scripted policy after every epoch. A
 * "scale" action changes α between steps (training:adjust, so it is kept among the run's
 * interventions); a divergence rolls back to the last checkpoint before it with α × factor
 * (training:rollback), and the branch goes on within what is left of the budget. Every step any of
 * its runs took counts as spent, including the steps after a checkpoint that a rollback threw away.
 */
import type { PandaPolicy, RunSettings, RunSummary, SearchMetric, TrainingProgress } from '@shared/api';
import { Babysitter, type BabysitterAction } from '@shared/search/api';
import type { ArenaTraining } from './arena-training';
import { ComputeCurve } from './arena-curve';
import { epochsFor } from './arena-steps';
import type { RunFollower } from './run-follower';

export interface PandaSideOptions {
  training: ArenaTraining;
  follower: RunFollower;
  /** The run's name, e.g. "arena-3 · panda". */
  name: string;
  design: Record<string, unknown>;
  settings: RunSettings;
  budgetSteps: number;
  stepsPerEpoch: number;
  policy: PandaPolicy;
  metric: SearchMetric;
  /** Something on this side changed (a point, a log line, a run). */
  onChange: () => void;
}

export type SideOutcome = 'completed' | 'interrupted' | 'failed';

/** A run that diverges again and again before its first checkpoint must not loop forever. */
const maxRollbacks = 20;

const rate = (value: number) => String(Number(value.toPrecision(3)));
/** The babysitter's reason is a sentence; the log line goes on after it. */
const clause = (reason: string) => reason.replace(/[.:\s]+$/, '');

export class PandaSide {
  readonly curve: ComputeCurve;
  readonly runIds: string[] = [];
  readonly log: string[] = [];
  steps = 0;
  outcome: SideOutcome = 'completed';
  private readonly babysitter: Babysitter;
  private learningRate: number;
  /** The run training now (the first, then each branch). */
  private current: string | null = null;
  /** Where the run training now was branched from (null for the first): a branch that diverges before its own first checkpoint goes back there. */
  private origin: { runId: string; epoch: number } | null = null;
  private stopped = false;

  constructor(private readonly options: PandaSideOptions) {
    this.curve = new ComputeCurve(options.metric);
    this.babysitter = new Babysitter(options.policy);
    this.learningRate = options.settings.settings.learningRate;
  }

  /** Queues the run (a design the data refuses throws here, before the arena records anything). */
  async start(): Promise<RunSummary> {
    const { training, name, design, settings, budgetSteps, stepsPerEpoch } = this.options;
    const epochs = epochsFor(budgetSteps, stepsPerEpoch);
    const run = await training.start({ name, design, settings: { ...settings, settings: { ...settings.settings, epochs } } }, { stepLimit: budgetSteps, holdEachEpoch: true });
    this.runIds.push(run.runId);
    this.current = run.runId;
    this.note(`${run.runId}: ${epochs} epoch(s) of ${stepsPerEpoch} step(s) at α ${rate(this.learningRate)}, cut at ${budgetSteps.toLocaleString('en-US')} steps.`);
    return run;
  }

  /** Babysits the run (and its branches) until the budget is spent or it ends for good. */
  async finish(first: RunSummary): Promise<void> {
    let run = first;
    let spentBefore = 0;
    let rollbacks = 0;
    for (;;) {
      const { ended, pending } = await this.babysit(run, spentBefore);
      if (!ended) {
        this.outcome = 'interrupted';
        return;
      }
      spentBefore += ended.step;
      this.steps = spentBefore;
      // A run cut mid-epoch by its step limit spent steps after its last epoch report.
      this.curve.add(spentBefore, null);
      this.options.onChange();
      if (ended.state === 'interrupted' || ended.state === 'failed') {
        this.outcome = ended.state === 'failed' ? 'failed' : 'interrupted';
        this.note(`${ended.runId} ended ${ended.state}${ended.error ? `: ${ended.error}` : '.'}`);
        return;
      }
      const action = ended.state === 'diverged' ? this.babysitter.observe({ epoch: ended.epoch, devLoss: null, diverged: true }) : pending;
      if (this.stopped) {
        this.note(`Stopped at step ${spentBefore} of ${this.options.budgetSteps}.`);
        return;
      }
      if (!action || action.kind !== 'rollback') {
        if (ended.state === 'diverged') this.note(`${ended.runId} diverged at step ${ended.step}; the policy does not roll back, so panda stops here.`);
        return;
      }
      const remaining = this.options.budgetSteps - spentBefore;
      if (remaining <= 0) return;
      if (rollbacks >= maxRollbacks) {
        this.note(`${ended.runId} diverged after ${maxRollbacks} rollbacks; panda stops here.`);
        return;
      }
      const branch = await this.rollback(ended, action, remaining);
      if (!branch) return;
      rollbacks += 1;
      run = branch;
    }
  }

  /** Follows one run's epochs, acting on each; its end (null if following stopped) and a rollback the policy asked for mid-run. */
  private async babysit(run: RunSummary, spentBefore: number): Promise<{ ended: RunSummary | null; pending: BabysitterAction | null }> {
    let pending: BabysitterAction | null = null;
    // Once a change finds the run ended (cut by its step limit), later reports only draw the curve.
    let steering = true;
    for await (const event of this.options.follower.events(run)) {
      if (event.kind === 'ended') return { ended: event.run, pending };
      const spent = spentBefore + event.report.step;
      this.steps = spent;
      this.curve.add(spent, event.report.dev);
      this.options.onChange();
      if (steering && !pending) {
        const action = this.babysitter.observe({ epoch: event.report.epoch, devLoss: event.report.dev?.loss ?? null, diverged: false });
        if (action.kind === 'scale-learning-rate') steering = await this.scale(run.runId, event.report, spent, action);
        if (action.kind === 'rollback') {
          pending = action;
          await this.options.training.stop({ runId: run.runId });
          continue;
        }
      }
      // The run waits after each epoch (holdEachEpoch) until its babysitter has acted on it.
      this.options.training.release({ runId: run.runId });
    }
    return { ended: null, pending };
  }

  /** α × factor between steps (training:adjust); false when the run had already ended. */
  private async scale(runId: string, report: TrainingProgress, spent: number, action: Extract<BabysitterAction, { kind: 'scale-learning-rate' }>): Promise<boolean> {
    const next = this.learningRate * action.factor;
    try {
      const summary = await this.options.training.adjust({ runId, changes: { learningRate: next } });
      const from = summary.interventions.at(-1)?.step;
      this.note(`epoch ${report.epoch} (step ${spent}): ${clause(action.reason)} — α ${rate(this.learningRate)} → ${rate(next)}${from === undefined ? '' : ` (from step ${from})`}.`);
      this.learningRate = next;
      return true;
    } catch (error) {
      // The run may have ended between its report and the change (its step limit): nothing left to steer.
      this.note(`epoch ${report.epoch} (step ${spent}): ${clause(action.reason)}, but α could not be changed: ${messageOf(error)}`);
      return false;
    }
  }

  /**
   * A branch from the last checkpoint before the run went wrong (or, for a branch that went wrong
   * before its first checkpoint, from the checkpoint it was itself branched from), with α × factor,
   * limited to the budget left.
   */
  private async rollback(ended: RunSummary, action: Extract<BabysitterAction, { kind: 'rollback' }>, remaining: number): Promise<RunSummary | null> {
    const { training } = this.options;
    const { checkpoints } = await training.checkpoints({ runId: ended.runId });
    // A checkpoint taken at the epoch it diverged in (or at its end) may hold the diverged weights.
    const own = checkpoints.filter((checkpoint) => checkpoint.epoch < ended.epoch || ended.state !== 'diverged').at(-1);
    const point = own ? { runId: ended.runId, epoch: own.epoch } : this.origin;
    if (!point) {
      this.note(`${ended.runId} ${ended.state === 'diverged' ? 'diverged' : 'stopped'} at step ${ended.step} (${clause(action.reason)}) before its first checkpoint; there is nothing to roll back to, so panda stops here.`);
      return null;
    }
    const next = this.learningRate * action.factor;
    try {
      const branch = await training.rollback({ runId: point.runId, epoch: point.epoch, changes: { learningRate: next } }, { stepLimit: remaining, holdEachEpoch: true });
      this.runIds.push(branch.runId);
      this.current = branch.runId;
      this.origin = point;
      this.note(`step ${this.steps}: ${clause(action.reason)} — rolled ${point.runId} back to epoch ${point.epoch} with α ${rate(this.learningRate)} → ${rate(next)}, as ${branch.runId} (${remaining.toLocaleString('en-US')} steps left).`);
      this.learningRate = next;
      return branch;
    } catch (error) {
      this.note(`step ${this.steps}: ${clause(action.reason)}, but the rollback failed: ${messageOf(error)}`);
      this.outcome = 'failed';
      return null;
    }
  }

  /** Ends the run training now between steps; no rollback follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.current) await this.options.training.stop({ runId: this.current }).catch(() => undefined);
  }

  get wasStopped(): boolean {
    return this.stopped;
  }

  private note(line: string): void {
    this.log.push(line);
    this.options.onChange();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
