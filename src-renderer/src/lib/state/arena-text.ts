/**
 * How the arena says its results: metric values, the best-so-far curves as steps (the best dev
 * metric holds until a better one is reached), the verdict and a past arena's one-line summary.
 * Pure, so every sentence is tested.
 */
import type { ArenaSide, ArenaSummary, ComputePoint, SearchMetric } from '@shared/api';
import type { XY } from '../charts/decimate';

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** "87.5 %" for accuracy, "0.231" for a loss; "—" before there is one. */
export function formatMetric(metric: SearchMetric, value: number | null): string {
  if (value === null) return '—';
  return metric === 'dev-accuracy' ? `${(value * 100).toFixed(1)} %` : Number(value.toPrecision(3)).toString();
}

export function metricName(metric: SearchMetric): string {
  return metric === 'dev-accuracy' ? 'dev accuracy' : 'dev loss';
}

/**
 * A side's curve as a step function over compute: the best value holds flat until the next point,
 * where it jumps (points without a value yet are left out).
 */
export function stepCurve(curve: readonly ComputePoint[]): XY[] {
  const out: XY[] = [];
  for (const point of curve) {
    if (point.bestDev === null) continue;
    const last = out.at(-1);
    if (last && point.steps > last.x) out.push({ x: point.steps, y: last.y });
    out.push({ x: point.steps, y: point.bestDev });
  }
  return out;
}

/** The verdict the service gave, or while it races: where each side stands. */
export function verdictText(arena: ArenaSummary): string {
  if (arena.verdict) return arena.verdict;
  const side = (name: string, s: ArenaSide) => `${name} ${formatMetric(arena.metric, s.bestDev)} at ${grouped(s.steps)}`;
  const standing = `${side('panda', arena.panda)}, ${side('caviar', arena.caviar)} of ${grouped(arena.budgetSteps)} steps`;
  if (arena.status === 'running') return `Racing: ${standing}.`;
  if (arena.winner === 'tie') return `A tie: ${standing}.`;
  if (arena.winner) return `${arena.winner} wins: ${standing}.`;
  return `No verdict (${arena.status}): ${standing}.`;
}

/** "arena-3 · 4,000 steps · caviar won" for the list of past arenas. */
export function arenaLine(arena: ArenaSummary): string {
  const outcome = arena.status === 'running' ? 'racing' : arena.winner === 'tie' ? 'a tie' : arena.winner ? `${arena.winner} won` : arena.status;
  return `${arena.arenaId} · ${grouped(arena.budgetSteps)} steps · ${outcome}`;
}

/** Caviar's trials as the side says them: "8 trials, 3 pruned" (pruned by successive halving). */
export function trialsText(counts: { trials: number; pruned: number } | null, side: ArenaSide): string {
  if (!counts) return `${side.runIds.length} trial${side.runIds.length === 1 ? '' : 's'} started`;
  return `${counts.trials} trial${counts.trials === 1 ? '' : 's'}, ${counts.pruned} pruned`;
}
