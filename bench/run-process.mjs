// Runs one benchmark process and returns its JSON result with the machine's load around it: the
// CPU busy fraction from /proc/stat and, under /usr/bin/time, `foreignCores` = CPU that other
// processes used meanwhile, in cores (0 = quiet; the machine has 2). Same bookkeeping as the peers' driver.js.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { nowSec } from './common.mjs';

function cpuStat() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

const TIME = '/usr/bin/time';

/** Spawns `command` (bin, args, cwd, env); the last line of stdout that starts with `{` is its result. */
export function runBenchProcess(command, timeoutSec = 900) {
  const wrapped = existsSync(TIME);
  const [bin, args] = wrapped ? [TIME, ['-f', 'CHILD_CPU %U %S', command.bin, ...command.args]] : [command.bin, command.args];
  const s0 = cpuStat();
  const t0 = nowSec();
  const child = spawnSync(bin, args, { cwd: command.cwd, env: command.env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: timeoutSec * 1000 });
  const wall = nowSec() - t0;
  const s1 = cpuStat();
  const busy = s0 && s1 ? 1 - (s1.idle - s0.idle) / Math.max(1, s1.total - s0.total) : Number.NaN;
  const cpuMatch = /CHILD_CPU ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  const childCpu = cpuMatch ? Number(cpuMatch[1]) + Number(cpuMatch[2]) : Number.NaN;
  const foreignCores = Math.max(0, (busy * 2 * wall - childCpu) / wall);
  const line = (child.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    const stderr = (child.stderr ?? '').replace(/CHILD_CPU.*\n?/, '').trim();
    result = { error: stderr.slice(-1500) || String(child.error ?? `exit status ${child.status}`) };
  }
  return { processWallSec: +wall.toFixed(2), machineBusy: +busy.toFixed(3), foreignCores: +foreignCores.toFixed(2), ...result };
}
