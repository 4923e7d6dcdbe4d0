/**
 * A search space's scales: their validation (against the scale's own sense and the engine's
 * bounds), the command line's `name=kind:args` form, and each scale's own axis — the coordinate a
 * value has on it (log10 α, log10(1 − β), …), which the sampler, narrowing, plots and importance share.
 */
import { ParamScale, searchableNames, type ParamValue, type SearchableName, type SearchSpace } from '../api/search-space';
import { describeRange, inRange } from '../engine/bounds';
import { formatNumber } from './format';
import { hyperparameters, nameForFlag, nameInWords } from './hyperparameters';

/** The names of a space in searchableNames order, so every loop over a space is deterministic. */
export function spaceNames(space: SearchSpace): SearchableName[] {
  return searchableNames.filter((name) => space[name] !== undefined);
}

/** Why the space cannot be searched, as sentences naming the hyperparameter (empty: fine). Also checks each value against the engine's bounds. */
export function spaceProblems(space: SearchSpace): string[] {
  const names = Object.keys(space);
  if (names.length === 0) return ['A search varies at least one hyperparameter; add one to the space.'];
  const problems: string[] = [];
  for (const key of names) {
    const name = nameForFlag(key);
    const scale = (space as Record<string, ParamScale | undefined>)[key];
    if (name === null || name !== key) {
      problems.push(`'${key}' is not a hyperparameter a search can vary; use one of ${searchableNames.join(', ')}.`);
      continue;
    }
    if (scale === undefined) continue;
    problems.push(...scaleProblems(name, scale).map((problem) => `${nameInWords(name)}: ${problem}.`));
  }
  return problems;
}

function scaleProblems(name: SearchableName, scale: ParamScale): string[] {
  const described = hyperparameters[name];
  if (!described.scales.includes(scale.kind)) return [`a ${scale.kind} scale does not suit it; use ${described.scales.join(' or ')}`];
  switch (scale.kind) {
    case 'log':
      if (!(scale.min > 0) || !(scale.max > 0)) return [`a log scale needs a minimum and maximum above 0 (got ${formatNumber(scale.min)} … ${formatNumber(scale.max)})`];
      return [...orderProblem(scale.min, scale.max), ...boundProblems(name, [scale.min, scale.max])];
    case 'log1m':
      if (!(scale.min >= 0 && scale.min < 1) || !(scale.max >= 0 && scale.max < 1)) return [`a log(1 − β) scale needs values from 0 up to (not including) 1 (got ${formatNumber(scale.min)} … ${formatNumber(scale.max)})`];
      return [...orderProblem(scale.min, scale.max), ...boundProblems(name, [scale.min, scale.max])];
    case 'linear':
      if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max)) return ['the minimum and maximum must be finite numbers'];
      return [...orderProblem(scale.min, scale.max), ...boundProblems(name, [scale.min, scale.max])];
    case 'int': {
      if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max)) return ['an int scale needs whole numbers'];
      const logProblem = scale.log && scale.min < 1 ? [`an int-log scale starts at 1 or more (got ${scale.min})`] : [];
      return [...orderProblem(scale.min, scale.max), ...logProblem, ...boundProblems(name, [scale.min, scale.max])];
    }
    case 'choice':
      return choiceProblems(name, scale.values);
  }
}

function orderProblem(min: number, max: number): string[] {
  return min > max ? [`the minimum ${formatNumber(min)} is above the maximum ${formatNumber(max)}`] : [];
}

function boundProblems(name: SearchableName, values: readonly number[]): string[] {
  const range = hyperparameters[name].range;
  if (!range) return [];
  const outside = values.filter((value) => !inRange(range, value));
  return outside.length === 0 ? [] : [`${[...new Set(outside)].map(formatNumber).join(' and ')} is outside what the engine accepts (${describeRange(range)})`];
}

function choiceProblems(name: SearchableName, values: readonly ParamValue[]): string[] {
  if (values.length === 0) return ['a choice needs at least one value'];
  const problems: string[] = [];
  const seen = new Set<ParamValue>();
  const duplicates = values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
  if (duplicates.length > 0) problems.push(`${duplicates.map(String).join(', ')} is listed twice`);
  const { choices } = hyperparameters[name];
  if (choices) {
    const unknown = values.filter((value) => !choices.includes(value));
    if (unknown.length > 0) problems.push(`${unknown.map(String).join(', ')} is not one of ${choices.map(String).join(', ')}`);
  } else {
    const notNumbers = values.filter((value) => typeof value !== 'number');
    if (notNumbers.length > 0) problems.push(`${notNumbers.map(String).join(', ')} is not a number`);
    problems.push(...boundProblems(name, values.filter((value): value is number => typeof value === 'number')));
  }
  return problems;
}

export type ParsedParamFlag = { ok: true; name: SearchableName; scale: ParamScale } | { ok: false; message: string };

const flagExamples = 'e.g. lr=log:1e-4:1e-1, beta=log1m:0.9:0.999, units=int:4:64, optimizer=choice:gd,momentum,adam';

/** `lr=log:1e-4:1e-1`, `beta=log1m:0.9:0.999`, `units=int:4:64` (or `int-log:4:256`), `decay=linear:0:1`, `optimizer=choice:gd,momentum,adam`, `batchnorm=choice:true,false`. */
export function parseParamFlag(text: string): ParsedParamFlag {
  const fail = (message: string): ParsedParamFlag => ({ ok: false, message: `--param ${text}: ${message}` });
  const equals = text.indexOf('=');
  if (equals <= 0) return fail(`write it as NAME=SCALE, ${flagExamples}.`);
  const key = text.slice(0, equals).trim();
  const name = nameForFlag(key);
  if (name === null) return fail(`'${key}' is not a hyperparameter; use one of ${searchableNames.map((n) => hyperparameters[n].flag).join(', ')}.`);
  const [kind = '', ...args] = text.slice(equals + 1).trim().split(':');
  let candidate: unknown;
  switch (kind) {
    case 'log':
    case 'log1m':
    case 'linear':
    case 'int':
    case 'int-log': {
      if (args.length !== 2) return fail(`a ${kind} scale takes a minimum and a maximum, e.g. ${key}=${kind}:${exampleBounds(kind)}.`);
      const [min, max] = args.map(parseNumber);
      if (min === null || max === null) return fail(`'${args.join(':')}' are not two numbers, e.g. ${key}=${kind}:${exampleBounds(kind)}.`);
      candidate = kind === 'int-log' ? { kind: 'int', min, max, log: true } : { kind, min, max };
      break;
    }
    case 'choice': {
      const listed = args.join(':').split(',').map((value) => value.trim());
      if (listed.some((value) => value === '')) return fail(`a choice lists values separated by commas, e.g. ${key}=choice:${(hyperparameters[name].choices ?? [32, 64]).map(String).join(',')}.`);
      candidate = { kind: 'choice', values: listed.map(parseChoiceValue) };
      break;
    }
    default:
      return fail(`'${kind}' is not a scale; use log, log1m, linear, int, int-log or choice (${flagExamples}).`);
  }
  const parsed = ParamScale.safeParse(candidate);
  if (!parsed.success) {
    const problems = spaceProblems({ [name]: candidate as ParamScale });
    return fail(problems[0] ?? `${parsed.error.issues.map((issue) => issue.message).join('; ')}.`);
  }
  const problems = spaceProblems({ [name]: parsed.data });
  if (problems.length > 0) return fail(problems.join(' '));
  return { ok: true, name, scale: parsed.data };
}

function exampleBounds(kind: string): string {
  return kind === 'log1m' ? '0.9:0.999' : kind.startsWith('int') ? '4:64' : kind === 'log' ? '1e-4:1e-1' : '0:1';
}

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parseChoiceValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return parseNumber(text) ?? text;
}

/** Where a value sits on its scale's own axis: log10(v) for log, log10(1 − v) for log1m, v for linear/int (log10 for int-log), the index for choice (NaN when it is not a value of the choice). */
export function scaleCoordinate(scale: ParamScale, value: ParamValue): number {
  if (scale.kind === 'choice') {
    const index = scale.values.indexOf(value);
    return index < 0 ? Number.NaN : index;
  }
  const v = typeof value === 'number' ? value : Number.NaN;
  switch (scale.kind) {
    case 'log':
      return Math.log10(v);
    case 'log1m':
      return Math.log10(1 - v);
    case 'linear':
      return v;
    case 'int':
      return scale.log ? Math.log10(v) : v;
  }
}

/** The inverse of scaleCoordinate (int rounds, choice picks the nearest index); values stay inside the scale. */
export function valueAt(scale: ParamScale, coordinate: number): ParamValue {
  switch (scale.kind) {
    case 'log':
      return clamp(10 ** coordinate, scale.min, scale.max);
    case 'log1m':
      return clamp(1 - 10 ** coordinate, scale.min, scale.max);
    case 'linear':
      return clamp(coordinate, scale.min, scale.max);
    case 'int':
      return clamp(Math.round(scale.log ? 10 ** coordinate : coordinate), scale.min, scale.max);
    case 'choice':
      return scale.values[clamp(Math.round(coordinate), 0, scale.values.length - 1)]!;
  }
}

/** The interval a scale spans on its own axis [lo, hi] (choice: [0, n − 1]). */
export function scaleExtent(scale: ParamScale): [number, number] {
  switch (scale.kind) {
    case 'log':
      return [Math.log10(scale.min), Math.log10(scale.max)];
    case 'log1m':
      // 1 − β shrinks as β grows, so the axis runs from the largest β to the smallest.
      return [Math.log10(1 - scale.max), Math.log10(1 - scale.min)];
    case 'linear':
      return [scale.min, scale.max];
    case 'int':
      return scale.log ? [Math.log10(scale.min), Math.log10(scale.max)] : [scale.min, scale.max];
    case 'choice':
      return [0, scale.values.length - 1];
  }
}

/** "1e-4 … 0.1 (log)" for labels. */
export function describeScale(scale: ParamScale): string {
  switch (scale.kind) {
    case 'log':
      return `${formatNumber(scale.min)} … ${formatNumber(scale.max)} (log)`;
    case 'log1m':
      return `${formatNumber(scale.min)} … ${formatNumber(scale.max)} (log of 1 − β)`;
    case 'linear':
      return `${formatNumber(scale.min)} … ${formatNumber(scale.max)}`;
    case 'int':
      return `${scale.min} … ${scale.max} (whole numbers${scale.log ? ', log' : ''})`;
    case 'choice':
      return scale.values.map(String).join(', ');
  }
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
