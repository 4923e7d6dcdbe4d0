/**
 * Learning-rate decay, keyed by ScheduleConfig.kind. Epochs count from 0, so every schedule
 * gives the base rate α0 at epoch 0.
 */
import { ScheduleConfig, type ScheduleKind } from './config';

type ConfigOf<K extends ScheduleKind> = Extract<ScheduleConfig, { kind: K }>;

/** Each schedule as a factor f(epoch) with α(epoch) = α0 · f(epoch). */
export const scheduleRegistry: { [K in ScheduleKind]: (config: ConfigOf<K>, epoch: number) => number } = {
  // α = α0
  constant: () => 1,
  // α = α0 / (1 + decay · epoch)
  'inverse-time': (config, epoch) => 1 / (1 + config.decayRate * epoch),
  // α = α0 / (1 + decay · ⌊epoch / k⌋)
  scheduled: (config, epoch) => 1 / (1 + config.decayRate * Math.floor(epoch / config.interval)),
  // α = α0 · rate^epoch
  exponential: (config, epoch) => config.decayRate ** epoch,
  // α = α0 · rate^⌊epoch / k⌋
  step: (config, epoch) => config.decayRate ** Math.floor(epoch / config.interval),
};

/** The schedule's factor f(epoch), α = α0 · f(epoch). */
export function scheduleFactor(config: ScheduleConfig, epoch: number): number {
  const factor = scheduleRegistry[config.kind] as (config: ScheduleConfig, epoch: number) => number;
  return factor(config, epoch);
}

/** The learning rate at `epoch` (0-based) for base rate α0. */
export function learningRateAt(config: ScheduleConfig, baseRate: number, epoch: number): number {
  return baseRate * scheduleFactor(config, epoch);
}

/**
 * A schedule that a person can steer while it runs. The rule for a manual change: setting the
 * rate to α' at epoch e replaces the base rate by α0' = α' / f(e), so the rate is α' at e and
 * the same schedule continues from there, α(t) = α0' · f(t) for t ≥ e. Changing the schedule
 * itself at epoch e keeps the current rate and lets the new schedule carry on from it in the
 * same way. Changes compose: each one only rescales the base rate.
 */
export class LearningRateController {
  private schedule: ScheduleConfig;
  private base: number;

  constructor(schedule: ScheduleConfig, baseRate: number) {
    this.schedule = ScheduleConfig.parse(schedule);
    this.base = baseRate;
  }

  get config(): ScheduleConfig {
    return this.schedule;
  }

  /** α0 (after any manual changes). */
  get baseRate(): number {
    return this.base;
  }

  rateAt(epoch: number): number {
    return learningRateAt(this.schedule, this.base, epoch);
  }

  /** Manual change: the rate becomes `rate` at `epoch` and the schedule continues from there. */
  setRate(epoch: number, rate: number): void {
    this.base = rebase(rate, scheduleFactor(this.schedule, epoch));
  }

  /** Switches to another schedule at `epoch`, keeping the rate continuous at that epoch. */
  setSchedule(epoch: number, schedule: ScheduleConfig): void {
    const current = this.rateAt(epoch);
    this.schedule = ScheduleConfig.parse(schedule);
    this.base = rebase(current, scheduleFactor(this.schedule, epoch));
  }
}

/** α0' = α' / f(e); a factor that has decayed to 0 (or underflowed) leaves nothing to rescale. */
function rebase(rate: number, factor: number): number {
  return factor > 0 && Number.isFinite(rate / factor) ? rate / factor : rate;
}
