// Peak memory and wall time of CSV loading (issue 8 point 3). Not part of `npm test`.
//
//   node bench/csv-memory.mjs            # makes the files in /tmp/deepwire-csv-bench (once), then measures
//   node bench/csv-memory.mjs --keep     # keep the files afterwards (they are ~460 MB)
//
// Each measurement is its own process, run under `/usr/bin/time -v` for its peak resident set
// size (plain Node's process.memoryUsage() sampling is the fallback where GNU time is absent);
// readCsvFile is loaded from the TypeScript sources through tsx.
//   accept-200mb  readCsvFile on 2,000,000 rows × 11 columns (≈ 200 MB)
//   refuse-210mb  readCsvFile on ≈ 52 million tiny rows (210 MB): refused at the 2,000,000-row limit
//   stream-50mb   readCsvFile on 500,000 rows of the same kind (≈ 50 MB)
//   whole-50mb    the previous approach on the same 50 MB: readFileSync, Papa.parse on the whole
//                 string, rows of strings, then the Dataset (a copy of the old parseCsv's steps)
//   …-50mb-tiny   both on 12.5 million tiny rows (50 MB), refused at the row limit (the case)
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = '/tmp/deepwire-csv-bench';
const files = {
  big: join(folder, 'rows-2m-by-11.csv'),
  tiny: join(folder, 'tiny-rows-210mb.csv'),
  mid: join(folder, 'rows-500k-by-11.csv'),
  tinyMid: join(folder, 'tiny-rows-50mb.csv'),
};

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();

async function main() {
  mkdirSync(folder, { recursive: true });
  await makeFiles();
  const gnuTime = existsSync('/usr/bin/time');
  console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), Node ${process.version}`);
  console.log(`peak RSS from ${gnuTime ? '/usr/bin/time -v' : 'process.memoryUsage() sampled every 50 ms'}\n`);
  const runs = [
    ['idle', files.tiny, 'node + tsx loading readCsvFile, reading nothing'],
    ['accept-200mb', files.big, 'readCsvFile, 2,000,000 rows × 11 columns'],
    ['refuse-210mb', files.tiny, 'readCsvFile, tiny rows, refused at the row limit'],
    ['stream-50mb', files.mid, 'readCsvFile, 500,000 rows × 11 columns'],
    ['whole-50mb', files.mid, 'previous approach (readFileSync + whole-string parse)'],
    ['stream-50mb-tiny', files.tinyMid, 'readCsvFile, tiny rows, refused at the row limit'],
    ['whole-50mb-tiny', files.tinyMid, 'previous approach, tiny rows, refused at the row limit'],
  ];
  console.log('| run | file | result | peak RSS | wall |');
  console.log('|---|---|---|---|---|');
  for (const [mode, file, what] of runs) {
    const measured = measure(mode, file, gnuTime);
    console.log(`| ${what} | ${mb(statSync(file).size)} | ${measured.summary} | ${measured.peakMb} | ${measured.seconds} s |`);
  }
  if (!process.argv.includes('--keep')) rmSync(folder, { recursive: true, force: true });
}

function measure(mode, file, gnuTime) {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, file];
  const run = gnuTime ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: root, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  let report;
  try {
    report = JSON.parse(lastLine);
  } catch {
    return { summary: `crashed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`, peakMb: peakFromTime(run.stderr), seconds: '?' };
  }
  const peak = gnuTime ? peakFromTime(run.stderr) : `${report.sampledPeakMb} MB`;
  return { summary: report.summary, peakMb: peak, seconds: report.seconds.toFixed(1) };
}

function peakFromTime(stderr) {
  const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr ?? '')?.[1];
  return kilobytes ? `${Math.round(Number(kilobytes) / 1024)} MiB` : '?';
}

async function child(mode, file) {
  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 50);
  const { readCsvFile } = await import(pathToFileURL(join(root, 'src-main/data/csv-file.ts')).href);
  const started = performance.now();
  let summary = 'nothing read';
  if (mode.startsWith('whole-')) {
    const result = previousApproach(readFileSync(file, 'utf8'), (await import('papaparse')).default);
    summary = result.ok ? `loaded ${result.rows} rows` : result.message;
  } else if (mode !== 'idle') {
    let last = { bytesRead: 0 };
    const result = await readCsvFile(file, { onProgress: (progress) => (last = progress) });
    summary = result.ok ? `loaded ${result.dataset.rows} rows (${result.dataset.classes} classes)` : `${result.message.slice(0, 110)}…`;
    summary += `; ${mb(last.bytesRead)} read`;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  console.log(JSON.stringify({ summary, seconds, sampledPeakMb: Math.round(sampledPeak / 1024 / 1024) }));
}

/** The steps of parseCsv before streaming (commit c478af9), for the memory they took: whole string → all records → rows → Dataset. */
function previousApproach(text, Papa) {
  const records = Papa.parse(text, { header: false, skipEmptyLines: false, dynamicTyping: false }).data;
  const names = records[0];
  const dataRows = [];
  records.slice(1).forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length === names.length) dataRows.push({ row: index + 2, cells });
  });
  if (dataRows.length > 2_000_000) return { ok: false, message: `the file has ${dataRows.length} data rows` };
  const features = names.length - 1;
  const x = new Float32Array(dataRows.length * features);
  const labels = [];
  dataRows.forEach(({ cells }, sample) => {
    for (let feature = 0; feature < features; feature += 1) x[sample * features + feature] = Number(cells[feature].trim());
    labels.push(cells[features].trim());
  });
  const distinct = [...new Set(labels)].sort();
  const indexOf = new Map(distinct.map((key, index) => [key, index]));
  const y = Int32Array.from(labels, (label) => indexOf.get(label));
  return { ok: true, rows: y.length };
}

/** mulberry32: a seeded generator, so the files are the same on every machine. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeLines(path, header, rows, line) {
  if (existsSync(path)) return;
  const out = createWriteStream(`${path}.part`);
  out.write(header);
  let batch = '';
  for (let i = 0; i < rows; i += 1) {
    batch += line(i);
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
}

async function makeFiles() {
  const header = Array.from({ length: 10 }, (_, column) => `feature${column + 1}`).join(',') + ',label\n';
  // 10 features "±d.dddddd" (8–9 characters) and a class c0 … c9: ≈ 100 bytes a row
  const random = mulberry32(8);
  const row = () => {
    let line = '';
    for (let column = 0; column < 10; column += 1) line += `${((random() - 0.5) * 20).toFixed(6)},`;
    return `${line}c${Math.floor(random() * 10)}\n`;
  };
  await writeLines(files.big, header, 2_000_000, row);
  await writeLines(files.mid, header, 500_000, row);
  // "d,a\n": 4 bytes a row, 52.5 million rows
  await writeLines(files.tiny, 'x,y\n', 52_500_000, (i) => `${i % 10},a\n`);
  await writeLines(files.tinyMid, 'x,y\n', 12_500_000, (i) => `${i % 10},a\n`);
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
