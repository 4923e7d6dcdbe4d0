// The experiment history's queries at scale (issue 10 point 6). Not part of `npm test`: speed is
// measured here only. Run with `npm run bench -- --history` or `node bench/history.mjs`.
//
//   --runs N      runs in the database (default 10,000), each with --epochs N epoch rows (default 100)
//   --repeat N    timed repetitions of each query (default 20; the median and the slowest are shown)
//   --keep        keep the database file (its path is printed)
//
// It fills a temporary database directly (one INSERT per row, 50,000 rows per transaction; the
// schema comes from the real migrations), then times, through the real query functions
// (src-main/services/history/history-queries.ts, loaded through tsx): the first page of 50 runs,
// a status filter, a free-text filter (id, label, data set, notes), a tag filter, sorts by a metric
// and by recorded epochs, the filters' values (facets), opening one run (showRun, and the History
// detail) and comparing 8 runs (8 × showRun, and history:compare with its settings diff), each
// with SQLite's EXPLAIN QUERY PLAN where it helps, so the indexes used are visible. Target: each < 100 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, mulberry32 } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The query functions are TypeScript: re-run this file under tsx when it is not already.
if (!process.execArgv.some((arg) => arg.includes('tsx'))) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const options = parseArgs(process.argv.slice(2));
const known = new Set(['runs', 'epochs', 'repeat', 'keep', 'history']);
for (const key of Object.keys(options)) {
  if (!known.has(key)) {
    process.stderr.write(`bench/history: unknown option --${key}; use --runs N, --epochs N, --repeat N, --keep.\n`);
    process.exit(2);
  }
}
const whole = (name, fallback, max) => {
  const value = options[name] === undefined ? fallback : Number(options[name]);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    process.stderr.write(`bench/history: --${name} must be a whole number from 1 to ${max}, got ${options[name]}.\n`);
    process.exit(2);
  }
  return value;
};
const runCount = whole('runs', 10_000, 1_000_000);
const epochCount = whole('epochs', 100, 10_000);
const repeat = whole('repeat', 20, 1000);

const load = (path) => import(pathToFileURL(join(root, path)).href);
const { openDatabase } = await load('src-main/services/history/database.ts');
const { listRuns, runFacets, showRun } = await load('src-main/services/history/history-queries.ts');
const { historyDetail, knownRun } = await load('src-main/services/history/history-detail.ts');
const { compareRuns } = await load('src-main/services/history/history-compare.ts');
const { insertReports } = await load('src-main/services/history/report-chunks.ts');

const folder = mkdtempSync(join(tmpdir(), 'deepwire-history-bench-'));
const file = join(folder, 'deepwire.db');
const opened = openDatabase(file);
if (!opened.ok) throw new Error(opened.message);
const db = opened.db;

const statuses = ['completed', 'completed', 'completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted'];
const datasets = ['moons', 'circles', 'spiral', 'xor', 'iris', 'mnist', 'blobs', 'data.csv'];
const optimizers = ['adam', 'momentum', 'rmsprop', 'gd'];
const rand = mulberry32(10);
const pick = (list) => list[Math.floor(rand() * list.length)];

// Each run keeps its design snapshot (a few kB, like a real one): rows then spill to overflow
// pages, so a query that reads every run's row shows its true cost.
const designSnapshot = JSON.stringify({
  version: 1,
  nodes: Array.from({ length: 40 }, (_, i) => ({ id: `dense-${i}`, kind: 'dense', position: { x: i * 120, y: 80 }, config: { units: 64, initializer: 'he', useBias: true } })),
  edges: Array.from({ length: 39 }, (_, i) => ({ id: `e${i}`, source: `dense-${i}`, target: `dense-${i + 1}` })),
});

function fill() {
  const insertRun = db.prepare(
    `INSERT INTO runs (id, seq, label, settings, data_seed, model_seed, optimizer, dataset, dataset_description, dataset_fingerprint, status, created_at, started_at, ended_at, duration_ms,
       parameters, epochs, total_steps, epoch, step, train_loss, train_accuracy, dev_loss, dev_accuracy, warnings, design)
     VALUES (?, ?, ?, ?, 1, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, 300, ?, ?, ?, ?, ?, ?, ?, ?, '[]', @design)`,
  );

  const insertIntervention = db.prepare("INSERT INTO interventions (run_id, seq, step, changes, previous) VALUES (?, 1, ?, '{\"learningRate\":0.005}', '{\"learningRate\":0.01}')");
  const insertTag = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rowsPerTransaction = 50_000;
  let pending = 0;
  db.exec('BEGIN');
  for (let i = 1; i <= runCount; i++) {
    const id = `run-${i}`;
    const optimizer = pick(optimizers);
    const dataset = pick(datasets);
    const status = pick(statuses);
    const createdAt = new Date(start + i * 60_000).toISOString();
    // Settings the contract accepts (the History detail and compare parse them).
    const data = dataset === 'data.csv' ? { kind: 'csv', path: '/data/data.csv' } : { kind: dataset };
    const settings = JSON.stringify({ data, settings: { initializer: { kind: 'he' }, optimizer: { kind: optimizer }, learningRate: 0.01, batchSize: 64, epochs: epochCount }, seeds: { data: 1, model: i % 5 } });
    // Loss ≈ 1/epoch with a little noise; accuracy rises towards 1.
    const metricsAt = (epoch) => ({ loss: 1 / epoch + rand() * 0.01, accuracy: 1 - 0.5 / epoch });
    const last = metricsAt(epochCount);
    insertRun.run(id, i, `Net ${i % 97} with ${optimizer} on ${dataset}`, settings, optimizer, dataset, JSON.stringify({ kind: dataset }), `f${i % 50}`, status, createdAt, createdAt, createdAt, 1000, epochCount, epochCount * 13, epochCount, epochCount * 13, last.loss, last.accuracy, last.loss * 1.1, last.accuracy - 0.02, { design: designSnapshot });
    const reports = Array.from({ length: epochCount }, (_, e) => {
      const m = metricsAt(e + 1);
      return { kind: 'epoch', epoch: e + 1, step: (e + 1) * 13, stepsPerEpoch: 13, loss: m.loss, smoothedLoss: m.loss, learningRate: 0.01, train: { loss: m.loss, accuracy: m.accuracy }, dev: { loss: m.loss * 1.1, accuracy: m.accuracy - 0.02 }, sampled: false, norms: [] };
    });
    insertReports(db, id, reports);
    if (i % 10 === 0) insertIntervention.run(id, 50);
    if (i % 7 === 0) insertTag.run(id, 'baseline');
    pending += 1 + Math.ceil(epochCount / 1024);
    if (pending >= rowsPerTransaction) {
      db.exec('COMMIT; BEGIN');
      pending = 0;
    }
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
}

const fillStarted = performance.now();
fill();
const fillMs = performance.now() - fillStarted;

function time(action) {
  const first = performance.now();
  action();
  const firstMs = performance.now() - first;
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    action();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { firstMs, medianMs: times[Math.floor(times.length / 2)], maxMs: times.at(-1) };
}

/** SQLite's plan for a statement, one line per step, indented by depth. */
function plan(sql, params) {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params);
  const depth = new Map([[0, 0]]);
  return rows.map((row) => {
    depth.set(row.id, (depth.get(row.parent) ?? 0) + 1);
    return `      ${'  '.repeat(depth.get(row.id) - 1)}${row.detail}`;
  });
}

// listRuns chooses a page's ids in the runs_browse index, then reads those rows (by id).
const listSql = (where, order = 'r.created_at DESC, r.seq DESC') =>
  `SELECT r.id FROM runs r INDEXED BY runs_browse WHERE r.deleted_at IS NULL${where ? ` AND ${where}` : ''} ORDER BY ${order} LIMIT 50 OFFSET 0`;
const showSql = ['SELECT * FROM runs r LEFT JOIN design_versions v ON v.id = r.design_version_id LEFT JOIN designs d ON d.id = v.design_id WHERE r.id = @id', "SELECT * FROM report_chunks WHERE run_id = @id AND last_step >= 1 AND first_step <= 9007199254740991 ORDER BY kind, first_step", 'SELECT * FROM interventions WHERE run_id = @id ORDER BY seq'];
const middle = `run-${Math.ceil(runCount / 2)}`;
const eight = Array.from({ length: 8 }, (_, i) => `run-${1 + Math.floor((i * runCount) / 8)}`);

const cases = [
  { name: 'list: first page of 50, newest first', run: () => listRuns(db, { limit: 50, offset: 0 }), plans: [[listSql(''), {}], ['SELECT count(*) FROM runs r INDEXED BY runs_browse WHERE r.deleted_at IS NULL', {}]] },
  { name: "filter: status 'failed', first page", run: () => listRuns(db, { status: 'failed', limit: 50, offset: 0 }), plans: [[listSql('r.status = @status'), { status: 'failed' }], ['SELECT count(*) FROM runs r INDEXED BY runs_browse WHERE r.deleted_at IS NULL AND r.status = @status', { status: 'failed' }]] },
  { name: "filter: text 'net 42 ' in id/label/data set/notes", run: () => listRuns(db, { text: 'net 42 ', limit: 50, offset: 0 }), plans: [[listSql("(r.label LIKE @text ESCAPE '\\' OR r.dataset LIKE @text ESCAPE '\\' OR r.id LIKE @text ESCAPE '\\' OR r.notes LIKE @text ESCAPE '\\')"), { text: '%net 42 %' }]] },
  { name: "filter: tag 'baseline', first page", run: () => listRuns(db, { tag: 'baseline', limit: 50, offset: 0 }), plans: [[listSql('r.id IN (SELECT run_id FROM run_tags WHERE tag = @tag)'), { tag: 'baseline' }]] },
  { name: 'sort: best dev accuracy first, first page', run: () => listRuns(db, { sort: { key: 'devAccuracy', direction: 'desc' }, limit: 50, offset: 0 }), plans: [[listSql('', 'r.dev_accuracy IS NULL, r.dev_accuracy DESC, r.created_at DESC, r.seq DESC'), {}]] },
  { name: 'sort: most epochs first, first page', run: () => listRuns(db, { sort: { key: 'epochs', direction: 'desc' }, limit: 50, offset: 0 }), plans: [] },
  { name: 'facets: data sets, optimizers, tags', run: () => runFacets(db), plans: [] },
  { name: `open one run (showRun ${middle}, ${epochCount} epochs)`, run: () => showRun(db, middle), plans: showSql.map((sql) => [sql, { id: middle }]) },
  { name: `open one run (History detail ${middle})`, run: () => historyDetail(knownRun(db, middle)), plans: [] },
  { name: 'compare 8 runs (8 × showRun)', run: () => eight.map((id) => showRun(db, id)), plans: [] },
  { name: 'compare 8 runs (history:compare, settings diff)', run: () => compareRuns(eight.map((id) => knownRun(db, id))), plans: [] },
];

const cpu = (() => {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1]?.trim();
  return `${model ?? cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical cores`;
})();

const out = (line) => process.stdout.write(`${line}\n`);
out(`History queries on ${runCount.toLocaleString('en-US')} runs × ${epochCount} epochs (${(runCount * epochCount).toLocaleString('en-US')} epoch rows), ${repeat} timed repetitions each after one first call`);
out(`CPU: ${cpu}; Node ${process.version}; filled in ${(fillMs / 1000).toFixed(1)} s`);
out('');
let over = 0;
for (const entry of cases) {
  const figures = time(entry.run);
  const pass = figures.maxMs < 100 && figures.firstMs < 100;
  if (!pass) over++;
  out(`  ${entry.name.padEnd(52)} first ${figures.firstMs.toFixed(2).padStart(7)} ms  median ${figures.medianMs.toFixed(2).padStart(7)} ms  max ${figures.maxMs.toFixed(2).padStart(7)} ms  ${pass ? 'under 100 ms' : 'OVER 100 ms'}`);
  for (const [sql, params] of entry.plans) out(plan(sql, params).join('\n'));
}
out('');
out(over === 0 ? 'Every query is under the 100 ms target.' : `${over} quer${over === 1 ? 'y is' : 'ies are'} over the 100 ms target.`);
db.close();
if (options.keep) out(`database kept: ${file}`);
else rmSync(folder, { recursive: true, force: true });
