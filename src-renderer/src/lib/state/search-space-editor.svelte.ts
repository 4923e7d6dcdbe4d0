/**
 * The new-search form: which hyperparameters vary (listed by the course's priority), each one's
 * scale as typed (so a half-typed "1e-" is kept), a preview of what the sampler will draw, and the
 * plan. Problems are sentences shown beside the field or under the form; `request()` puts together
 * a search:start request only when everything is fine (the service checks the same schemas).
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the sets here are locals of a computation, never state */
import type { z } from 'zod';
import {
  searchableNames,
  SearchPlan,
  SearchSpace,
  StartSearchRequest,
  type ParamScale,
  type ParamValue,
  type RunSettings,
  type SearchableName,
  type SearchPlanInput,
} from '@shared/api';
import { byPriority, hyperparameters, previewDraws, spaceProblems } from '@shared/search/api';

/** How many values the preview draws for each hyperparameter. */
export const previewCount = 40;

export type ScaleKind = ParamScale['kind'];

/** One hyperparameter's row as typed. */
export interface ParamDraft {
  enabled: boolean;
  kind: ScaleKind;
  min: string;
  max: string;
  /** int: spread over the decades rather than evenly. */
  intLog: boolean;
  /** choice: the values picked (of the descriptor's choices), or typed as "8, 16, 32" when it has none. */
  picked: ParamValue[];
  choicesText: string;
}

export interface PlanDraft {
  strategy: 'random' | 'grid';
  trials: string;
  parallel: string;
  seed: string;
  epochs: string;
  halving: boolean;
  eta: string;
  minEpochs: string;
  /** Blank: no limit. */
  budgetSteps: string;
}

const numberText = (value: number) => String(value);

function draftOf(name: SearchableName, scale: ParamScale, enabled: boolean): ParamDraft {
  const descriptor = hyperparameters[name];
  const draft: ParamDraft = { enabled, kind: scale.kind, min: '', max: '', intLog: false, picked: [], choicesText: '' };
  if (scale.kind === 'choice') {
    draft.picked = [...scale.values];
    draft.choicesText = scale.values.join(', ');
  } else {
    draft.min = numberText(scale.min);
    draft.max = numberText(scale.max);
    if (scale.kind === 'int') draft.intLog = scale.log ?? false;
    draft.choicesText = `${scale.min}, ${scale.max}`;
  }
  if (scale.kind !== 'choice' && descriptor.choices) draft.picked = [...descriptor.choices];
  return draft;
}

/** A typed number, or a sentence saying what is wrong with it. */
function parseNumber(text: string, what: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `${what} is empty` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `${what} “${trimmed}” is not a number` };
  return { ok: true, value };
}

/** "8, 16, 32" or "relu, tanh" as values: numbers where they read as numbers, true/false as booleans. */
export function parseChoices(text: string): ParamValue[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (part === 'true' ? true : part === 'false' ? false : Number.isFinite(Number(part)) ? Number(part) : part));
}

/** The scale a row describes, or why it does not describe one. */
export function scaleOf(name: SearchableName, draft: ParamDraft): { ok: true; scale: ParamScale } | { ok: false; message: string } {
  const label = hyperparameters[name].label;
  if (draft.kind === 'choice') {
    const values = hyperparameters[name].choices ? draft.picked : parseChoices(draft.choicesText);
    if (values.length === 0) return { ok: false, message: `${label}: pick at least one value` };
    return { ok: true, scale: { kind: 'choice', values } };
  }
  const min = parseNumber(draft.min, `${label}'s minimum`);
  if (!min.ok) return min;
  const max = parseNumber(draft.max, `${label}'s maximum`);
  if (!max.ok) return max;
  if (draft.kind === 'int') {
    if (!Number.isInteger(min.value) || !Number.isInteger(max.value)) return { ok: false, message: `${label}: whole numbers only` };
    return { ok: true, scale: draft.intLog ? { kind: 'int', min: min.value, max: max.value, log: true } : { kind: 'int', min: min.value, max: max.value } };
  }
  return { ok: true, scale: { kind: draft.kind, min: min.value, max: max.value } };
}

const emptyPlan = (epochs: number): PlanDraft => ({
  strategy: 'random',
  trials: '12',
  parallel: '2',
  seed: '1',
  epochs: String(epochs),
  halving: false,
  eta: '3',
  minEpochs: '1',
  budgetSteps: '',
});

function planDraftOf(plan: SearchPlan): PlanDraft {
  return {
    strategy: plan.strategy,
    trials: String(plan.trials),
    parallel: String(plan.parallel),
    seed: String(plan.seed),
    epochs: String(plan.epochs),
    halving: plan.halving !== null,
    eta: String(plan.halving?.eta ?? 3),
    minEpochs: String(plan.halving?.minEpochs ?? 1),
    budgetSteps: plan.budgetSteps === null ? '' : String(plan.budgetSteps),
  };
}

/** Learning rate alone is on by default: the course's first thing to tune. */
const onByDefault: readonly SearchableName[] = ['learningRate'];

export class SpaceEditorState {
  params = $state<Record<SearchableName, ParamDraft>>(this.#defaults());
  plan = $state<PlanDraft>(emptyPlan(10));
  name = $state('');
  /** Coarse to fine: the search this one narrows (null for a first search). */
  parentId = $state<string | null>(null);
  /** The seed of the preview draws (the plan's seed when it reads as one). */
  readonly previewSeed: number = $derived(Number.isInteger(Number(this.plan.seed)) ? Number(this.plan.seed) : 1);

  /** Names by the course's priority (α first). */
  readonly order: SearchableName[] = byPriority();

  /** Each enabled row's scale, or its problem. */
  readonly scales = $derived.by(() => {
    const out: Partial<Record<SearchableName, ReturnType<typeof scaleOf>>> = {};
    for (const name of searchableNames) if (this.params[name].enabled) out[name] = scaleOf(name, this.params[name]);
    return out;
  });

  /** The space as it stands (rows with a problem left out). */
  readonly space: Partial<SearchSpace> = $derived.by(() => {
    const space: Partial<Record<SearchableName, ParamScale>> = {};
    for (const [name, result] of Object.entries(this.scales)) if (result.ok) space[name as SearchableName] = result.scale;
    return space;
  });

  /** Per row: what is wrong with it (typing, then the search module's checks naming it). */
  readonly rowProblems: Partial<Record<SearchableName, string>> = $derived.by(() => {
    const problems: Partial<Record<SearchableName, string>> = {};
    for (const [name, result] of Object.entries(this.scales)) if (!result.ok) problems[name as SearchableName] = result.message;
    if (Object.keys(this.space).length === 0) return problems;
    for (const sentence of spaceProblems(this.space as SearchSpace)) {
      const name = searchableNames.find((n) => sentence.includes(hyperparameters[n].label) || sentence.includes(n));
      if (name && !problems[name]) problems[name] = sentence;
    }
    return problems;
  });

  /** Problems of the space as a whole (those naming no row, and "nothing varies"). */
  readonly spaceProblems: string[] = $derived.by(() => {
    if (Object.keys(this.scales).length === 0) return ['Switch on at least one hyperparameter to search.'];
    if (Object.keys(this.space).length === 0) return [];
    const named = new Set(Object.values(this.rowProblems));
    return spaceProblems(this.space as SearchSpace).filter((sentence) => !named.has(sentence));
  });

  /** The plan's fields' problems, by field. */
  readonly planProblems: Partial<Record<keyof PlanDraft, string>> = $derived.by(() => planProblemsOf(this.plan));

  readonly planValue: SearchPlan | null = $derived.by(() => {
    if (Object.keys(this.planProblems).length > 0) return null;
    const parsed = SearchPlan.safeParse(planInput(this.plan));
    return parsed.success ? parsed.data : null;
  });

  /** ~40 draws of each enabled row, as the sampler would draw them. */
  readonly previews: Partial<Record<SearchableName, ParamValue[]>> = $derived.by(() => {
    const out: Partial<Record<SearchableName, ParamValue[]>> = {};
    for (const [name, scale] of Object.entries(this.space) as [SearchableName, ParamScale][]) {
      if (this.rowProblems[name]) continue;
      out[name] = previewDraws(scale, previewCount, this.previewSeed);
    }
    return out;
  });

  readonly enabledCount: number = $derived(Object.keys(this.scales).length);

  readonly canStart: boolean = $derived(
    this.enabledCount > 0 && Object.keys(this.rowProblems).length === 0 && this.spaceProblems.length === 0 && this.planValue !== null,
  );

  #defaults(): Record<SearchableName, ParamDraft> {
    return Object.fromEntries(searchableNames.map((name) => [name, draftOf(name, hyperparameters[name].defaultScale, onByDefault.includes(name))])) as Record<
      SearchableName,
      ParamDraft
    >;
  }

  /** A fresh form for the design open in the editor: its epochs are the trials' epochs. */
  reset(baseEpochs: number): void {
    this.params = this.#defaults();
    this.plan = emptyPlan(baseEpochs);
    this.name = '';
    this.parentId = null;
  }

  /** A child search's form: the narrowed space switched on, the parent's plan with the next seed. */
  loadChild(parentId: string, parentName: string, space: SearchSpace, plan: SearchPlan): void {
    const params = this.#defaults();
    for (const name of searchableNames) params[name].enabled = false;
    for (const [name, scale] of Object.entries(space) as [SearchableName, ParamScale][]) params[name] = draftOf(name, scale, true);
    this.params = params;
    this.plan = planDraftOf({ ...plan, seed: (plan.seed + 1) % 0x100000000 });
    this.name = `${parentName} · fine`;
    this.parentId = parentId;
  }

  toggle(name: SearchableName, enabled: boolean): void {
    this.params[name].enabled = enabled;
  }

  setKind(name: SearchableName, kind: ScaleKind): void {
    const draft = this.params[name];
    if (draft.kind === kind) return;
    const fallback = hyperparameters[name].defaultScale;
    // A switch between log and linear keeps the typed bounds; other switches start from the default's.
    if (kind === 'choice' || draft.kind === 'choice' || fallback.kind === kind) {
      const base = fallback.kind === kind ? fallback : null;
      if (base && base.kind !== 'choice') {
        draft.min = numberText(base.min);
        draft.max = numberText(base.max);
      }
    }
    draft.kind = kind;
  }

  setBound(name: SearchableName, bound: 'min' | 'max', text: string): void {
    this.params[name][bound] = text;
  }

  setIntLog(name: SearchableName, log: boolean): void {
    this.params[name].intLog = log;
  }

  /** Picks or drops one of a choice row's values (keeping the descriptor's order). */
  pick(name: SearchableName, value: ParamValue, on: boolean): void {
    const all = hyperparameters[name].choices ?? [];
    const picked = new Set(this.params[name].picked);
    if (on) picked.add(value);
    else picked.delete(value);
    this.params[name].picked = all.filter((v) => picked.has(v));
  }

  setChoicesText(name: SearchableName, text: string): void {
    this.params[name].choicesText = text;
  }

  setPlan<K extends keyof PlanDraft>(field: K, value: PlanDraft[K]): void {
    this.plan[field] = value;
  }

  /** The search:start request for this design and its settings, or null while anything is wrong. */
  request(design: Record<string, unknown>, settings: RunSettings | null): SearchStartRequest | null {
    if (!this.canStart || !settings || !this.planValue) return null;
    const parsed = StartSearchRequest.safeParse({
      ...(this.name.trim() ? { name: this.name.trim() } : {}),
      design,
      settings,
      space: this.space,
      plan: this.planValue,
      ...(this.parentId ? { parentId: this.parentId } : {}),
    });
    return parsed.success ? parsed.data : null;
  }
}

/** What search:start takes, checked. */
export type SearchStartRequest = z.output<typeof StartSearchRequest>;

function planInput(plan: PlanDraft): SearchPlanInput {
  return {
    strategy: plan.strategy,
    trials: Number(plan.trials),
    parallel: Number(plan.parallel),
    seed: Number(plan.seed),
    epochs: Number(plan.epochs),
    halving: plan.halving ? { eta: Number(plan.eta), minEpochs: Number(plan.minEpochs) } : null,
    budgetSteps: plan.budgetSteps.trim() === '' ? null : Number(plan.budgetSteps),
  };
}

const planLimits: Record<Exclude<keyof PlanDraft, 'strategy' | 'halving'>, { label: string; min: number; max: number }> = {
  trials: { label: 'Trials', min: 1, max: 1000 },
  parallel: { label: 'Parallel', min: 1, max: 64 },
  seed: { label: 'Seed', min: 0, max: 0xffffffff },
  epochs: { label: 'Epochs', min: 1, max: 100_000 },
  eta: { label: 'η', min: 2, max: 8 },
  minEpochs: { label: 'Min epochs', min: 1, max: 100_000 },
  budgetSteps: { label: 'Budget', min: 1, max: 1e12 },
};

/** Each plan field's problem as a sentence (the same bounds as SearchPlan). */
export function planProblemsOf(plan: PlanDraft): Partial<Record<keyof PlanDraft, string>> {
  const problems: Partial<Record<keyof PlanDraft, string>> = {};
  for (const [field, limit] of Object.entries(planLimits) as [keyof typeof planLimits, (typeof planLimits)[keyof typeof planLimits]][]) {
    if ((field === 'eta' || field === 'minEpochs') && !plan.halving) continue;
    const text = plan[field].trim();
    if (field === 'budgetSteps' && text === '') continue;
    const value = Number(text);
    if (text === '' || !Number.isInteger(value)) problems[field] = `${limit.label} must be a whole number`;
    else if (value < limit.min || value > limit.max) problems[field] = `${limit.label} must be between ${limit.min} and ${limit.max.toLocaleString('en')}`;
  }
  return problems;
}
