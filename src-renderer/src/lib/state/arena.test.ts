import { describe, expect, it } from 'vitest';
import { fakeArena, fakeArenaHost } from '../arena/arena-fake-host';
import { fakeSettings } from './history-fake-host';
import { arenaLine, formatMetric, stepCurve, trialsText, verdictText } from './arena-text';
import { ArenaState } from './arena.svelte';

const design = { name: 'Course net', version: 2 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the arena state', () => {
  it('lists past arenas newest first and reopens one', async () => {
    const host = fakeArenaHost([fakeArena(1), fakeArena(2)]);
    const arena = new ArenaState(host.client);
    await arena.start();
    expect(arena.arenas.map((a) => a.arenaId)).toEqual(['arena-2', 'arena-1']);
    await arena.open('arena-1');
    await settle();
    expect(arena.current?.arenaId).toBe('arena-1');
    expect(arena.caviarTrials).toEqual({ arenaId: 'arena-1', trials: 8, pruned: 2 });
  });

  it('starts an arena with the form’s budget, caviar’s space and panda’s policy, and follows its progress', async () => {
    const host = fakeArenaHost();
    const arena = new ArenaState(host.client);
    await arena.start();
    arena.form.set('budgetSteps', '2000');
    arena.form.set('learningRateMin', '0.001');
    arena.form.set('trials', '6');
    arena.form.halving = false;
    arena.form.set('patience', '2');
    const started = await arena.run(design, fakeSettings);
    expect(started?.status).toBe('running');
    const request = host.calls.find((c) => c.channel === 'search:arena')?.request;
    expect(request).toMatchObject({
      budgetSteps: 2000,
      parallel: 2,
      seed: 1,
      caviar: { space: { learningRate: { kind: 'log', min: 0.001, max: 0.1 } }, trials: 6, halving: false },
      panda: { patience: 2, factor: 0.5, rollbackOnDivergence: true },
    });
    const id = started!.arenaId;
    host.advance({ ...fakeArena(Number(id.slice(6)), 0.5, 2000) });
    expect(arena.current?.panda.curve).toHaveLength(5);
    expect(arena.current?.status).toBe('running');
    host.advance(fakeArena(Number(id.slice(6)), 1, 2000));
    expect(arena.current?.winner).toBe('caviar');
    expect(arena.arenas).toHaveLength(1);
  });

  it('stops the arena on show: it reads back stopped, in the list too', async () => {
    const host = fakeArenaHost();
    const arena = new ArenaState(host.client);
    await arena.start();
    const started = await arena.run(design, fakeSettings);
    expect(started?.status).toBe('running');
    const stopped = await arena.stop();
    expect(host.calls.filter((c) => c.channel === 'search:arenaStop')).toEqual([{ channel: 'search:arenaStop', request: { arenaId: started!.arenaId } }]);
    expect(stopped?.status).toBe('stopped');
    expect(arena.current?.status).toBe('stopped');
    expect(arena.arenas.find((a) => a.arenaId === started!.arenaId)?.status).toBe('stopped');
  });

  it('refuses to start while a field is wrong, saying which', async () => {
    const host = fakeArenaHost();
    const arena = new ArenaState(host.client);
    arena.form.set('learningRateMin', '0.5');
    arena.form.set('learningRateMax', '0.1');
    arena.form.set('factor', '2');
    expect(arena.form.errors.learningRateMax).toBe('must be above the lowest learning rate');
    expect(arena.form.errors.factor).toBeTruthy();
    expect(await arena.run(design, fakeSettings)).toBeNull();
    expect(host.calls.some((c) => c.channel === 'search:arena')).toBe(false);
  });

  it('says why an arena could not be opened', async () => {
    const host = fakeArenaHost();
    const arena = new ArenaState(host.client);
    expect(await arena.open('arena-9')).toBeNull();
    expect(arena.error).toEqual({ action: 'open arena-9', message: 'There is no arena arena-9 in history.' });
  });

  it('ignores progress of an arena not on show, but lists it', async () => {
    const host = fakeArenaHost([fakeArena(1)]);
    const arena = new ArenaState(host.client);
    await arena.start();
    await arena.open('arena-1');
    host.advance(fakeArena(2, 0.3));
    expect(arena.current?.arenaId).toBe('arena-1');
    expect(arena.arenas.map((a) => a.arenaId)).toEqual(['arena-2', 'arena-1']);
  });
});

describe('what the arena says', () => {
  it('draws the best value so far as steps over compute', () => {
    expect(stepCurve([{ steps: 0, bestDev: null }, { steps: 100, bestDev: 0.6 }, { steps: 300, bestDev: 0.8 }])).toEqual([
      { x: 100, y: 0.6 },
      { x: 300, y: 0.6 },
      { x: 300, y: 0.8 },
    ]);
  });

  it('formats metrics, verdicts and past arenas', () => {
    expect(formatMetric('dev-accuracy', 0.8766)).toBe('87.7 %');
    expect(formatMetric('dev-loss', 0.123456)).toBe('0.123');
    expect(formatMetric('dev-loss', null)).toBe('—');
    const done = fakeArena(3);
    expect(verdictText(done)).toBe('caviar wins by 8.0 points of dev accuracy at 3,600 of 4,000 steps');
    expect(arenaLine(done)).toBe('arena-3 · 4,000 steps · caviar won');
    const racing = fakeArena(4, 0.5);
    expect(verdictText(racing)).toBe('Racing: panda 72.0 % at 2,000, caviar 73.0 % at 2,000 of 4,000 steps.');
    expect(arenaLine(racing)).toBe('arena-4 · 4,000 steps · racing');
    expect(trialsText({ trials: 8, pruned: 3 }, done.caviar)).toBe('8 trials, 3 pruned');
    expect(trialsText(null, done.caviar)).toBe('8 trials started');
  });
});
