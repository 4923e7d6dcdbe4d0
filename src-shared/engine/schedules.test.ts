import { describe, expect, it } from 'vitest';
import { ScheduleConfig, scheduleKinds } from './config';
import { LearningRateController, learningRateAt, scheduleRegistry } from './schedules';
import { expectClose } from './testing/tolerance';

const close = { rtol: 1e-14 };

describe('learning-rate schedules (α0 = 0.2, epochs from 0)', () => {
  it('constant: α = α0', () => {
    expect(learningRateAt({ kind: 'constant' }, 0.2, 0)).toBe(0.2);
    expect(learningRateAt({ kind: 'constant' }, 0.2, 500)).toBe(0.2);
  });

  it('inverse-time: α0/(1 + decay·epoch)', () => {
    const config: ScheduleConfig = { kind: 'inverse-time', decayRate: 1 };
    // 0.2/1, 0.2/2, 0.2/4
    expectClose([0, 1, 3].map((e) => learningRateAt(config, 0.2, e)), [0.2, 0.1, 0.05], close);
    // decay 0.5 at epoch 4: 0.2/(1 + 2) = 0.0666…
    expectClose(learningRateAt({ kind: 'inverse-time', decayRate: 0.5 }, 0.2, 4), 0.2 / 3, close);
  });

  it('scheduled: α0/(1 + decay·⌊epoch/k⌋)', () => {
    const config: ScheduleConfig = { kind: 'scheduled', decayRate: 1, interval: 10 };
    // epochs 9, 10, 25 → ⌊e/10⌋ = 0, 1, 2 → 0.2/1, 0.2/2, 0.2/3
    expectClose([9, 10, 25].map((e) => learningRateAt(config, 0.2, e)), [0.2, 0.1, 0.2 / 3], close);
  });

  it('exponential: α0·rate^epoch', () => {
    // 0.2·0.95² = 0.2·0.9025 = 0.1805
    expectClose(learningRateAt({ kind: 'exponential', decayRate: 0.95 }, 0.2, 2), 0.1805, close);
    expect(learningRateAt({ kind: 'exponential', decayRate: 0.95 }, 0.2, 0)).toBe(0.2);
  });

  it('step: α0·rate^⌊epoch/k⌋', () => {
    const config: ScheduleConfig = { kind: 'step', decayRate: 0.5, interval: 10 };
    // ⌊e/10⌋ = 0, 1, 2 → 0.2, 0.1, 0.05
    expectClose([9, 10, 25].map((e) => learningRateAt(config, 0.2, e)), [0.2, 0.1, 0.05], close);
  });

  it('has one registry entry per kind, and every config round-trips through JSON and the schema', () => {
    expect(Object.keys(scheduleRegistry).sort()).toEqual([...scheduleKinds].sort());
    const configs: ScheduleConfig[] = [
      { kind: 'constant' },
      { kind: 'inverse-time', decayRate: 0.3 },
      { kind: 'scheduled', decayRate: 2, interval: 50 },
      { kind: 'exponential', decayRate: 0.9 },
      { kind: 'step', decayRate: 0.1, interval: 3 },
    ];
    for (const config of configs) expect(ScheduleConfig.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
    expect(ScheduleConfig.parse({ kind: 'step' })).toEqual({ kind: 'step', decayRate: 0.5, interval: 10 });
  });
});

describe('manual changes compose with the schedule', () => {
  it('a manual rate at epoch e rescales α0 so the schedule continues from it', () => {
    const controller = new LearningRateController({ kind: 'inverse-time', decayRate: 1 }, 0.2);
    expectClose(controller.rateAt(3), 0.05, close);
    // set 0.1 at epoch 3: α0' = 0.1·(1 + 3) = 0.4 → epoch 4: 0.4/5 = 0.08, epoch 9: 0.4/10 = 0.04
    controller.setRate(3, 0.1);
    expectClose(controller.baseRate, 0.4, close);
    expectClose([3, 4, 9].map((e) => controller.rateAt(e)), [0.1, 0.08, 0.04], close);
    // a second change composes: 0.01 at epoch 9 → α0'' = 0.01·10 = 0.1 → epoch 19: 0.1/20 = 0.005
    controller.setRate(9, 0.01);
    expectClose([9, 19].map((e) => controller.rateAt(e)), [0.01, 0.005], close);
  });

  it('exponential decay keeps halving from the manual rate', () => {
    const controller = new LearningRateController({ kind: 'exponential', decayRate: 0.5 }, 1);
    // epoch 2: 1·0.5² = 0.25; set 0.5 there → α0' = 0.5/0.25 = 2 → epochs 3, 4: 0.25, 0.125
    controller.setRate(2, 0.5);
    expectClose([2, 3, 4].map((e) => controller.rateAt(e)), [0.5, 0.25, 0.125], close);
  });

  it('switching schedules keeps the rate continuous at the switch', () => {
    const controller = new LearningRateController({ kind: 'constant' }, 0.1);
    // at epoch 5 the rate is 0.1; inverse-time from there: α0' = 0.1·(1 + 5) = 0.6 → epoch 7: 0.6/8 = 0.075
    controller.setSchedule(5, { kind: 'inverse-time', decayRate: 1 });
    expectClose([5, 7].map((e) => controller.rateAt(e)), [0.1, 0.075], close);
    expect(controller.config.kind).toBe('inverse-time');
  });

  it('a schedule decayed to nothing takes the manual rate as its new base', () => {
    const controller = new LearningRateController({ kind: 'exponential', decayRate: 1e-200 }, 1);
    // 1e−200² underflows to 0 at epoch 2: nothing to rescale, so α0' = the manual rate
    controller.setRate(2, 0.3);
    expect(controller.baseRate).toBe(0.3);
  });
});
