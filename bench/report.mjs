// Summaries of the runs (median and min–max over processes per variant and workload), the table,
// the targets and the --json object.
import { W1_FLOP_PER_SAMPLE, median } from './common.mjs';

/** The peers' medians from shared/bench/RESULTS.md (8 runs, 2026-11-25): ratios fall back on these when a peer was not run. */
export const publishedPeers = {
  'tfjs-wasm-1t': { w1: 5160, w2: 553, w3a: 30.6, w3b: 24.0 },
  'torch-1t': { w1: 72872, w2: 2987, w3a: 143.3, w3b: 174.9 },
};

const metrics = {
  w1: (r) => r.samplesPerSec,
  w2: (r) => r.stepsPerSec,
  w3a: (r) => r['gflops_64x784x128'],
  w3b: (r) => r['gflops_512x512x512'],
};

/** { variant: { w1: {median, min, max, n, trainAcc, testAcc, foreign}, w2: …, w3a: …, w3b: … } } */
export function summarize(runs) {
  const summary = {};
  for (const run of runs) {
    if (run.error) continue;
    const byVariant = (summary[run.variant] ??= {});
    for (const [key, metric] of Object.entries(metrics)) {
      if (!key.startsWith(run.workload)) continue;
      const value = metric(run);
      if (!Number.isFinite(value)) continue;
      const entry = (byVariant[key] ??= { values: [], trainAcc: [], testAcc: [], foreign: [] });
      entry.values.push(value);
      if (Number.isFinite(run.trainAcc)) entry.trainAcc.push(run.trainAcc);
      if (Number.isFinite(run.testAcc)) entry.testAcc.push(run.testAcc);
      if (Number.isFinite(run.foreignCores)) entry.foreign.push(run.foreignCores);
    }
  }
  for (const byVariant of Object.values(summary)) {
    for (const entry of Object.values(byVariant)) {
      entry.median = median(entry.values);
      entry.min = Math.min(...entry.values);
      entry.max = Math.max(...entry.values);
      entry.n = entry.values.length;
      entry.trainAccMedian = entry.trainAcc.length ? median(entry.trainAcc) : null;
      entry.testAccMedian = entry.testAcc.length ? median(entry.testAcc) : null;
      entry.foreignMedian = entry.foreign.length ? median(entry.foreign) : null;
    }
  }
  return summary;
}

/** What `--json` prints: Deepwire's WebAssembly engine, medians over processes. */
export function jsonSummary(summary) {
  const wasm = summary['deepwire-wasm'] ?? {};
  return {
    w1: { samplesPerSec: wasm.w1?.median ?? null, trainAccuracy: wasm.w1?.trainAccMedian ?? null },
    w2: { stepsPerSec: wasm.w2?.median ?? null, trainAccuracy: wasm.w2?.trainAccMedian ?? null },
    w3: { '64x784x128': wasm.w3a?.median ?? null, '512x512x512': wasm.w3b?.median ?? null },
  };
}

const fmt = (value, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const cell = (entry, digits = 0) => (entry ? `${fmt(entry.median, digits)} (${fmt(entry.min, digits)}–${fmt(entry.max, digits)}) [${entry.n}]` : '–');

/** The reference a ratio divides by: the same run's median if measured, else RESULTS.md's (marked †). */
function anchorValue(summary, anchor, key) {
  const measured = summary[anchor]?.[key]?.median;
  if (Number.isFinite(measured)) return { value: measured, published: false };
  return { value: publishedPeers[anchor]?.[key] ?? null, published: true };
}

function ratio(value, anchor) {
  if (!Number.isFinite(value) || !anchor.value) return '–';
  return `${(value / anchor.value).toFixed(value / anchor.value >= 10 ? 1 : 2)}×${anchor.published ? '†' : ''}`;
}

export function formatTable(summary, order) {
  const lines = [];
  const header = ['variant', 'W1 samples/s', 'W1 eff. GFLOP/s', 'W1 train/test acc', 'W2 steps/s', 'W2 train acc', 'W3 64×784×128 GFLOP/s', 'W3 512³ GFLOP/s', 'foreign cores (W1)'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const name of order) {
    const s = summary[name];
    if (!s) continue;
    const acc = s.w1 ? `${fmt(s.w1.trainAccMedian, 3)} / ${fmt(s.w1.testAccMedian, 3)}` : '–';
    lines.push(`| ${[
      name,
      cell(s.w1),
      s.w1 ? fmt((s.w1.median * W1_FLOP_PER_SAMPLE) / 1e9, 1) : '–',
      acc,
      cell(s.w2),
      s.w2 ? fmt(s.w2.trainAccMedian, 3) : '–',
      cell(s.w3a, 1),
      cell(s.w3b, 1),
      s.w1 ? fmt(s.w1.foreignMedian, 2) : '–',
    ].join(' | ')} |`);
  }
  lines.push('', 'Ratios (median ÷ median; † = anchor not run now, ratio to its RESULTS.md figure, which is not a same-run comparison):', '');
  const ratioHeader = ['variant', 'W1 ÷ tfjs-wasm-1t', 'W1 ÷ torch-1t', 'W2 ÷ tfjs-wasm-1t', 'W2 ÷ torch-1t', 'W3 64×784×128 ÷ tfjs-wasm-1t', 'W3 512³ ÷ tfjs-wasm-1t', 'W3 64×784×128 ÷ torch-1t', 'W3 512³ ÷ torch-1t'];
  lines.push(`| ${ratioHeader.join(' | ')} |`, `|${ratioHeader.map(() => '---').join('|')}|`);
  for (const name of order) {
    const s = summary[name];
    if (!s) continue;
    const v = (key) => s[key]?.median;
    lines.push(`| ${[
      name,
      ratio(v('w1'), anchorValue(summary, 'tfjs-wasm-1t', 'w1')),
      ratio(v('w1'), anchorValue(summary, 'torch-1t', 'w1')),
      ratio(v('w2'), anchorValue(summary, 'tfjs-wasm-1t', 'w2')),
      ratio(v('w2'), anchorValue(summary, 'torch-1t', 'w2')),
      ratio(v('w3a'), anchorValue(summary, 'tfjs-wasm-1t', 'w3a')),
      ratio(v('w3b'), anchorValue(summary, 'tfjs-wasm-1t', 'w3b')),
      ratio(v('w3a'), anchorValue(summary, 'torch-1t', 'w3a')),
      ratio(v('w3b'), anchorValue(summary, 'torch-1t', 'w3b')),
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * The native kernels' targets (issue 13), on the medians: ratios to PyTorch on one thread in the same
 * run, W2 against the WebAssembly engine, and each figure as a share of the core's peak (`peak`:
 * the register-only FMA loop, GFLOP/s, with its instruction set).
 */
export function formatNativeTargets(summary, peak) {
  const native = summary['deepwire-native'];
  if (!native) return 'deepwire-native produced no results (the native kernels did not build here): no native targets to check.';
  const dense = summary['deepwire-native-dense'];
  const torch = (key) => anchorValue(summary, 'torch-1t', key);
  const check = (label, value, anchor, factor) => {
    if (!Number.isFinite(value) || !anchor?.value) return `  ?    ${label}: not measured`;
    const achieved = value / anchor.value;
    return `  ${achieved >= factor ? 'MET ' : 'MISS'} ${label}: ${achieved.toFixed(2)}× (target ≥ ${factor}×)${anchor.published ? ' † vs RESULTS.md' : ''}`;
  };
  const wasmW2 = summary['deepwire-wasm']?.w2?.median;
  const share = (gflops) => (peak?.peakGflops && Number.isFinite(gflops) ? ` = ${((100 * gflops) / peak.peakGflops).toFixed(0)} % of the core's peak` : '');
  const w1Flops = (samples) => (samples * W1_FLOP_PER_SAMPLE) / 1e9;
  return [
    `Native targets${peak ? ` (${peak.isa}; the core's peak, a register-only FMA loop: ${peak.peakGflops.toFixed(1)} GFLOP/s)` : ''}:`,
    check('W1 native ≥ 2× torch-1t', native.w1?.median, torch('w1'), 2),
    check('W1 native dense (no zero skipping) ≥ 1.3× torch-1t', dense?.w1?.median, torch('w1'), 1.3),
    check('W3 64×784×128 native ≥ 0.9× torch-1t', native.w3a?.median, torch('w3a'), 0.9),
    check('W3 512³ native ≥ 0.9× torch-1t', native.w3b?.median, torch('w3b'), 0.9),
    check('W2 native no slower than deepwire-wasm', native.w2?.median, Number.isFinite(wasmW2) ? { value: wasmW2, published: false } : null, 1),
    `  W1 native: ${fmt(w1Flops(native.w1?.median ?? NaN), 1)} effective GFLOP/s${share(w1Flops(native.w1?.median ?? NaN))}; dense ${fmt(w1Flops(dense?.w1?.median ?? NaN), 1)}${share(w1Flops(dense?.w1?.median ?? NaN))}`,
    `  W3 native: 64×784×128 ${fmt(native.w3a?.median, 1)} GFLOP/s${share(native.w3a?.median)}; 512³ ${fmt(native.w3b?.median, 1)} GFLOP/s${share(native.w3b?.median)}`,
  ].join('\n');
}

/** The engine's targets, checked on the medians (same-run anchors when measured). */
export function formatTargets(summary) {
  const wasm = summary['deepwire-wasm'];
  if (!wasm) return 'deepwire-wasm produced no results: no targets to check.';
  const tfjs = (key) => anchorValue(summary, 'tfjs-wasm-1t', key);
  const torch = (key) => anchorValue(summary, 'torch-1t', key);
  const check = (label, value, anchor, factor) => {
    if (!Number.isFinite(value) || !anchor.value) return `  ?    ${label}: not measured`;
    const achieved = value / anchor.value;
    return `  ${achieved >= factor ? 'MET ' : 'MISS'} ${label}: ${achieved.toFixed(2)}× (target ≥ ${factor}×)${anchor.published ? ' † vs RESULTS.md' : ''}`;
  };
  const w3 = wasm.w3a?.median;
  return [
    'Targets:',
    check('W1 samples/s ≥ 6× tfjs-wasm-1t', wasm.w1?.median, tfjs('w1'), 6),
    check('W2 steps/s ≥ 10× tfjs-wasm-1t', wasm.w2?.median, tfjs('w2'), 10),
    check('W2 steps/s ≥ 2× torch-1t', wasm.w2?.median, torch('w2'), 2),
    Number.isFinite(w3) ? `  ${w3 >= 35 ? 'MET ' : 'MISS'} W3 64×784×128 ≥ 35 GFLOP/s: ${w3.toFixed(1)}` : '  ?    W3: not measured',
  ].join('\n');
}
