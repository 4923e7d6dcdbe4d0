/**
 * The run panel's settings form: every value kept as typed (so a half-typed "0." is not lost),
 * checked as typed with the contract's schemas (the service checks the same ones), and put
 * together into RunSettings only when all of them are fine. A CSV file is read in the page and
 * parsed here for a preview, its problems (by row and column) and the label column choice.
 */
import { maxCsvTextChars, RunSettings, type AdjustmentChanges, type DataSourceInput, type RunSettingsInput } from '@shared/api';
import { parseCsv } from '@shared/data/csv';
import { CsvRecordSplitter } from '@shared/data/csv-records';
import { normalizationKinds, type NormalizationKind } from '@shared/data/normalize';
import { initializerKinds, scheduleKinds, type InitializerKind, type ScheduleKind } from '@shared/engine/config';
import { hyperparameterNames, hyperparameterSpecs, optimizerKinds, type HyperparameterName, type OptimizerKind } from '@shared/engine/optimizers/registry';
import type { GraphDoc } from '@shared/graph';
import type { EditorState } from './editor.svelte';
import {
  checkNumber,
  firstProblem,
  generatorDefault,
  generatorOption,
  hyperparameterOption,
  initializerFields,
  initializerOption,
  isGenerator,
  knownFeatures,
  optimizerFields,
  scheduleFields,
  scheduleOption,
  settingsSchemas,
  type DatasetChoice,
} from './run-settings-fields';

/** A CSV read in the page: its text (sent with training:start), what parsing found, a preview. */
export interface CsvFile {
  name: string;
  text: string;
  /** The first rows as cells (the header first), for the preview table. */
  preview: string[][];
  columns: string[];
  /** Features per row, when it parsed. */
  features: number | null;
  rows: number | null;
  /** What is wrong with it (row and column named), when it did not parse. */
  problem: string | null;
}

/** The input node's size against the data's features. `blocking` when the design fixes its size. */
export interface InputMismatch {
  nodeId: string;
  designSize: number;
  features: number;
  blocking: boolean;
  message: string;
}

const previewRows = 6;

/** Sets the design's Input to the data's feature count: one undo step in the editor. */
export function fixInput(editor: EditorState, mismatch: InputMismatch): boolean {
  const done = editor.updateParam(mismatch.nodeId, 'size', mismatch.features);
  editor.sealHistory();
  return done;
}

/** The first few records of CSV text, cut from its start (a preview need not read the whole file). */
export function csvPreview(text: string, rows = previewRows): string[][] {
  const records: string[][] = [];
  const splitter = new CsvRecordSplitter({
    record: (cells) => (records.push(cells), records.length < rows),
    syntaxProblem: () => {},
  });
  splitter.write(text.slice(0, 64 * 1024));
  splitter.end();
  return records.slice(0, rows);
}

/** A field's typed text with the schema that checks it. */
type Drafts = Record<string, string>;

const asText = (value: number) => String(value);

export class RunSettingsState {
  dataset = $state<DatasetChoice>('moons');
  normalize = $state<NormalizationKind>('zscore');
  optimizer = $state<OptimizerKind>('gd');
  schedule = $state<ScheduleKind>('constant');
  initializer = $state<InitializerKind>('he');
  /** Mini-batch size, or the whole training set at once (batch gradient descent). */
  fullBatch = $state(false);
  csv = $state.raw<CsvFile | null>(null);
  csvLabel = $state<string | null>(null);
  /** Why the last file was refused before parsing (too large, unreadable). */
  fileProblem = $state<string | null>(null);
  /**
   * The keep probability of the design's dropout layers while a run of it trains (null: no dropout,
   * so no such field); its draft is `keepProb`, offered as a change while it trains.
   */
  dropoutKeep = $state<number | null>(null);
  /** Every numeric field's text, by field id. */
  drafts = $state<Drafts>({
    samples: asText(generatorDefault('moons', 'samples')),
    noise: asText(generatorDefault('moons', 'noise')),
    train: '0.8',
    dev: '0.1',
    test: '0.1',
    learningRate: '0.1',
    batchSize: '64',
    l2: '0',
    epochs: '100',
    dataSeed: '1',
    modelSeed: '1',
    ...Object.fromEntries(hyperparameterNames.map((name) => [name, asText(hyperparameterSpecs[name].default)])),
    decayRate: '1',
    interval: '10',
    scale: '0.01',
  });

  readonly generator = $derived(isGenerator(this.dataset));
  readonly hyperparameters = $derived(optimizerFields(this.optimizer));
  readonly scheduleFields: string[] = $derived(scheduleFields(this.schedule));
  readonly initializerFields: string[] = $derived(initializerFields(this.initializer));

  /** The problem of each field that is shown, by field id. */
  readonly errors: Record<string, string> = $derived.by(() => {
    const problems: Record<string, string> = {};
    const check = (id: string, schema: Parameters<typeof checkNumber>[1]) => {
      const { problem } = checkNumber(this.drafts[id] ?? '', schema);
      if (problem) problems[id] = problem;
    };
    const kind = this.dataset;
    if (isGenerator(kind)) {
      check('samples', generatorOption(kind, 'samples'));
      check('noise', generatorOption(kind, 'noise'));
    }
    for (const id of ['train', 'dev', 'test']) check(id, settingsSchemas.fraction);
    if (!problems.train && !problems.dev && !problems.test) {
      const split = settingsSchemas.split.safeParse(this.#fractions());
      if (!split.success) problems.test = firstProblem(split.error);
    }
    check('learningRate', settingsSchemas.learningRate);
    for (const name of [...this.hyperparameters.early, ...this.hyperparameters.late]) check(name, hyperparameterOption(name));
    if (!this.fullBatch) check('batchSize', settingsSchemas.batchSize);
    for (const name of this.scheduleFields) check(name, scheduleOption(this.schedule, name));
    for (const name of this.initializerFields) check(name, initializerOption(this.initializer, name));
    check('l2', settingsSchemas.l2);
    if (this.dropoutKeep !== null) check('keepProb', settingsSchemas.keepProb);
    check('epochs', settingsSchemas.epochs);
    check('dataSeed', settingsSchemas.seed);
    check('modelSeed', settingsSchemas.seed);
    return problems;
  });

  /** Features per example of the chosen data (null: a CSV not read yet or unreadable). */
  readonly features: number | null = $derived(this.dataset === 'csv' ? (this.csv?.features ?? null) : knownFeatures[this.dataset]);

  /** Why the data cannot be used yet (no CSV picked, or it did not parse). */
  readonly dataProblem: string | null = $derived.by(() => {
    if (this.dataset !== 'csv') return null;
    if (this.fileProblem) return this.fileProblem;
    if (!this.csv) return 'Pick or drop a CSV file to train on.';
    return this.csv.problem;
  });

  /** The settings to send, or null while any field (or the data) has a problem. */
  readonly settings: RunSettings | null = $derived.by(() => {
    if (Object.keys(this.errors).length > 0 || this.dataProblem) return null;
    const parsed = RunSettings.safeParse(this.#input());
    return parsed.success ? parsed.data : null;
  });

  /** The name of the data for labels ("moons", "flowers.csv"). */
  readonly datasetName: string = $derived(this.dataset === 'csv' ? (this.csv?.name ?? 'CSV file') : this.dataset);

  set(id: string, text: string): void {
    this.drafts[id] = text;
  }

  /** Offers the keep probability of a design's dropout layers as a change while it trains (null: it has none). */
  offerKeepProb(keepProb: number | null): void {
    if (keepProb === this.dropoutKeep) return;
    this.dropoutKeep = keepProb;
    this.drafts.keepProb = keepProb === null ? '' : asText(keepProb);
  }

  /** Picks a data set; a generator's sample count and noise go back to its defaults. */
  chooseDataset(choice: DatasetChoice): void {
    this.dataset = choice;
    if (isGenerator(choice)) {
      this.drafts.samples = asText(generatorDefault(choice, 'samples'));
      this.drafts.noise = asText(generatorDefault(choice, 'noise'));
    }
  }

  /**
   * Takes a file's text (read by the page): refused when longer than a page may send, else parsed
   * with the chosen label column (the last one when none is chosen or it is not in this file).
   */
  loadCsv(name: string, text: string): boolean {
    this.dataset = 'csv';
    if (text.length > maxCsvTextChars) {
      this.csv = null;
      this.fileProblem = `${name} has ${text.length.toLocaleString('en-US')} characters; a CSV picked in the app can have at most ${maxCsvTextChars.toLocaleString('en-US')}. Train larger files with the deepwire command.`;
      return false;
    }
    this.fileProblem = null;
    const preview = csvPreview(text);
    const columns = preview[0]?.map((cell) => cell.trim()) ?? [];
    if (this.csvLabel !== null && !columns.includes(this.csvLabel)) this.csvLabel = null;
    this.csv = { name, text, preview, columns, features: null, rows: null, problem: null };
    this.#parseCsv();
    return this.csv.problem === null;
  }

  /** Refuses a file before reading it (too big to be worth reading). */
  refuseFile(message: string): void {
    this.csv = null;
    this.fileProblem = message;
  }

  chooseLabel(column: string | null): void {
    this.csvLabel = column;
    this.#parseCsv();
  }

  /**
   * Whether the design's input takes as many features as the data has. With a fixed size a
   * mismatch stops training; with the size from the data set the canvas' shapes are merely stale.
   */
  inputMismatch(doc: GraphDoc): InputMismatch | null {
    const features = this.features;
    const input = doc.nodes.find((node) => node.kind === 'input');
    if (features === null || !input) return null;
    const designSize = Number(input.params.size);
    if (designSize === features) return null;
    const blocking = input.params.source === 'fixed';
    const data = this.datasetName;
    const message = blocking
      ? `The design's Input is fixed at ${designSize} features, but ${data} has ${features}.`
      : `The design's Input shows ${designSize} features, but ${data} has ${features}: the shapes on the canvas are not the ones that will train.`;
    return { nodeId: input.id, designSize, features, blocking, message };
  }

  /** The fields that can change while a run trains, as an adjustment (null while any has a problem). */
  adjustment(): AdjustmentChanges | null {
    const keep = this.dropoutKeep !== null;
    const ids = ['learningRate', ...this.hyperparameters.early, ...this.hyperparameters.late, 'l2', ...(this.fullBatch ? [] : ['batchSize']), ...this.scheduleFields, ...(keep ? ['keepProb'] : [])];
    if (ids.some((id) => this.errors[id])) return null;
    const value = (id: string) => this.#number(id);
    const changes: AdjustmentChanges = {
      learningRate: value('learningRate'),
      l2: value('l2'),
      batchSize: this.fullBatch ? 'full' : value('batchSize'),
      schedule: { kind: this.schedule, ...this.#numbers(this.scheduleFields) } as AdjustmentChanges['schedule'],
      ...(keep && { keepProb: value('keepProb') }),
    };
    for (const name of [...this.hyperparameters.early, ...this.hyperparameters.late] as HyperparameterName[]) changes[name] = value(name);
    return changes;
  }

  /** Fills the form from settings (a run's, or a remedy's changed copy). */
  load(settings: RunSettings): void {
    const { data, settings: config, seeds } = settings;
    if (data.kind === 'csv') this.dataset = 'csv';
    else if (data.kind === 'csv-text') this.loadCsv(data.name, data.text);
    else this.dataset = data.kind;
    if (data.kind === 'csv-text') this.chooseLabel(data.label ?? null);
    if ('samples' in data) {
      this.drafts.samples = asText(data.samples);
      this.drafts.noise = asText(data.noise);
    }
    if (settings.split) {
      this.drafts.train = asText(settings.split.train);
      this.drafts.dev = asText(settings.split.dev);
      this.drafts.test = asText(settings.split.test);
    }
    this.normalize = settings.normalize;
    this.drafts.learningRate = asText(config.learningRate);
    this.optimizer = config.optimizer.kind;
    for (const [name, value] of Object.entries(config.optimizer)) if (name !== 'kind') this.drafts[name] = asText(value as number);
    this.fullBatch = config.batchSize === 'full';
    if (config.batchSize !== 'full') this.drafts.batchSize = asText(config.batchSize);
    this.schedule = config.schedule.kind;
    for (const [name, value] of Object.entries(config.schedule)) if (name !== 'kind') this.drafts[name] = asText(value as number);
    this.initializer = config.initializer.kind;
    for (const [name, value] of Object.entries(config.initializer)) if (typeof value === 'number') this.drafts[name] = asText(value);
    this.drafts.l2 = asText(config.l2);
    this.drafts.epochs = asText(config.epochs);
    this.drafts.dataSeed = asText(seeds.data);
    this.drafts.modelSeed = asText(seeds.model);
  }

  // ——— internals ———

  #number(id: string): number {
    return Number((this.drafts[id] ?? '').trim().replace(',', '.'));
  }

  #fractions() {
    return { train: this.#number('train'), dev: this.#number('dev'), test: this.#number('test') };
  }

  #parseCsv(): void {
    const csv = this.csv;
    if (!csv) return;
    const result = parseCsv(csv.text, this.csvLabel === null ? {} : { label: this.csvLabel });
    this.csv = result.ok
      ? { ...csv, features: result.dataset.features, rows: result.dataset.rows, problem: null }
      : { ...csv, features: null, rows: null, problem: result.message };
  }

  #data(): DataSourceInput {
    const kind = this.dataset;
    if (isGenerator(kind)) return { kind, samples: this.#number('samples'), noise: this.#number('noise') } as DataSourceInput;
    if (kind === 'csv') return { kind: 'csv-text', name: this.csv?.name ?? 'data.csv', text: this.csv?.text ?? '', ...(this.csvLabel !== null && { label: this.csvLabel }) };
    return { kind };
  }

  #numbers(ids: readonly string[]): Record<string, number> {
    return Object.fromEntries(ids.map((id) => [id, this.#number(id)]));
  }

  #input(): RunSettingsInput {
    const hyperparameters = [...this.hyperparameters.early, ...this.hyperparameters.late];
    return {
      data: this.#data(),
      split: this.#fractions(),
      normalize: this.normalize,
      settings: {
        initializer: { kind: this.initializer, ...this.#numbers(this.initializerFields) } as RunSettingsInput['settings']['initializer'],
        optimizer: { kind: this.optimizer, ...this.#numbers(hyperparameters) } as RunSettingsInput['settings']['optimizer'],
        schedule: { kind: this.schedule, ...this.#numbers(this.scheduleFields) } as RunSettingsInput['settings']['schedule'],
        learningRate: this.#number('learningRate'),
        l2: this.#number('l2'),
        batchSize: this.fullBatch ? 'full' : this.#number('batchSize'),
        epochs: this.#number('epochs'),
      },
      seeds: { data: this.#number('dataSeed'), model: this.#number('modelSeed') },
      backend: 'auto',
    };
  }
}

export { datasetChoices, datasetLabels } from './run-settings-fields';
export const normalizationChoices = normalizationKinds;
export const optimizerChoices = optimizerKinds;
export const scheduleChoices = scheduleKinds;
export const initializerChoices = initializerKinds;
