/**
 * What the Python script exporters (pytorch.ts, keras.ts) share: the layers with Python names, the
 * run's training settings read back from the model document's metadata (with the defaults a script
 * falls back on, said out loud), and Python literals that round-trip every number exactly.
 */
import { InitializerConfig, OptimizerConfig, ScheduleConfig } from '../engine/config';
import type { ModelDocument } from '../engine/model-document';
import { layerNames } from '../engine/naming';
import type { LayerSpec } from '../engine/spec';

/** One spec layer as a script sees it: its Deepwire name, a Python attribute name and its sizes. */
export interface ScriptLayer {
  spec: LayerSpec;
  /** The name Deepwire's tensors use ("dense1" → "dense1.W"). */
  name: string;
  /** A valid, unique Python identifier close to `name`. */
  attr: string;
  inputSize: number;
  outputSize: number;
}

const pythonKeywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
);

/** Attribute names an nn.Module (or the generated class) already uses: a layer called "forward" must not hide the method. */
const moduleAttributes = new Set(
  'forward predict training train eval parameters named_parameters modules named_modules children named_children buffers named_buffers state_dict load_state_dict to cpu cuda double float half apply zero_grad register_buffer register_parameter register_module add_module get_submodule requires_grad_ extra_repr input_normalization dump_patches call_super_init'.split(
    ' ',
  ),
);

/** `name` as a Python identifier: other characters become _, a leading digit gets a prefix, reserved names a suffix. */
export function pythonIdentifier(name: string, taken: ReadonlySet<string> = new Set()): string {
  let id = name.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_');
  if (id === '' || id === '_') id = 'layer';
  if (/^[0-9]/.test(id)) id = `layer_${id}`;
  if (id.startsWith('__')) id = `layer${id}`;
  if (pythonKeywords.has(id) || moduleAttributes.has(id)) id = `${id}_layer`;
  let unique = id;
  for (let n = 2; taken.has(unique); n++) unique = `${id}_${n}`;
  return unique;
}

/** A class name from the design's name: "moons classifier" → MoonsClassifier (DeepwireModel when nothing is left). */
export function pythonClassName(name: string): string {
  const words = name
    .normalize('NFKD')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (id === '') return 'DeepwireModel';
  if (/^[0-9]/.test(id)) id = `Model${id}`;
  if (pythonKeywords.has(id) || ['InputNormalization', 'BatchNorm1d', 'Path', 'F'].includes(id)) id = `${id}Model`;
  return id;
}

/** The spec's layers in order with their Deepwire and Python names and sizes. */
export function scriptLayers(doc: ModelDocument): ScriptLayer[] {
  const names = layerNames(doc.spec);
  const taken = new Set<string>();
  let size = doc.spec.inputSize;
  return doc.spec.layers.map((spec, index) => {
    const name = names[index]!;
    const attr = pythonIdentifier(name, taken);
    taken.add(attr);
    const inputSize = size;
    if (spec.kind === 'dense') size = spec.units;
    return { spec, name, attr, inputSize, outputSize: size };
  });
}

/** The run's settings a script trains with. */
export interface ScriptSettings {
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  initializer: InitializerConfig;
  learningRate: number;
  l2: number;
  /** null: full batch. */
  batchSize: number | null;
  epochs: number;
  featureNames: string[] | null;
  classNames: string[] | null;
  /** Settings the document did not record (or recorded unreadably), with the default used instead. */
  defaulted: string[];
}

const stringList = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null);

/** metadata.training read back; a missing or unreadable setting takes a default and is listed in `defaulted`. */
export function scriptSettings(doc: ModelDocument): ScriptSettings {
  const training = doc.metadata.training;
  const defaulted: string[] = [];
  const read = <T>(key: string, parse: (value: unknown) => T | undefined, fallback: T, shown: string): T => {
    const parsed = parse(training[key]);
    if (parsed !== undefined) return parsed;
    defaulted.push(`${key} (${shown})`);
    return fallback;
  };
  const fromSchema =
    <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }) =>
    (value: unknown): T | undefined => {
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    };
  const positive = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);
  const optimizer = read('optimizer', fromSchema(OptimizerConfig), { kind: 'gd' } as OptimizerConfig, 'gradient descent');
  const schedule = read('schedule', fromSchema(ScheduleConfig), { kind: 'constant' } as ScheduleConfig, 'constant');
  const initializer = read('initializer', fromSchema(InitializerConfig), { kind: 'he' } as InitializerConfig, 'he');
  const learningRate = read('learningRate', positive, 0.01, '0.01');
  const l2 = read('l2', (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined), 0, '0');
  const batchSize = read<number | null>('batchSize', (v) => (v === 'full' ? null : Number.isInteger(v) && (v as number) >= 1 ? (v as number) : undefined), null, 'full batch');
  const epochs = read('epochs', (v) => (Number.isInteger(v) && (v as number) >= 1 ? (v as number) : undefined), 10, '10');
  const featureNames = stringList(training.featureNames);
  const classNames = stringList(training.classNames);
  return { optimizer, schedule, initializer, learningRate, l2, batchSize, epochs, featureNames: featureNames?.length === doc.spec.inputSize ? featureNames : null, classNames, defaulted };
}

/** A number as a Python literal that reads back as the same double ("1e-8", "0.1", "3"). */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into a script`);
  return String(value);
}

/** A string as a Python literal (JSON's escapes are Python's). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** A list of strings or numbers as a Python literal. */
export function pyList(values: readonly (string | number)[]): string {
  return `[${values.map((v) => (typeof v === 'string' ? pyString(v) : pyNumber(v))).join(', ')}]`;
}

/** Text safe inside a triple-quoted docstring or a # comment: one line, no backslashes or triple quotes. */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\\/g, '/')
    .replace(/"""/g, "'''")
    .trim();
}

/** A schedule in the course's notation, for comments. */
export function describeSchedule(schedule: ScheduleConfig): string {
  switch (schedule.kind) {
    case 'constant':
      return 'constant: α = α0';
    case 'inverse-time':
      return `inverse-time decay: α = α0 / (1 + ${schedule.decayRate}·epoch)`;
    case 'scheduled':
      return `scheduled decay: α = α0 / (1 + ${schedule.decayRate}·⌊epoch / ${schedule.interval}⌋)`;
    case 'exponential':
      return `exponential decay: α = α0 · ${schedule.decayRate}^epoch`;
    case 'step':
      return `step decay: α = α0 · ${schedule.decayRate}^⌊epoch / ${schedule.interval}⌋`;
  }
}

/** The schedule's factor f(epoch) as a Python expression in `epoch` (schedules.ts, epochs from 0). */
export function pythonScheduleFactor(schedule: ScheduleConfig): string {
  switch (schedule.kind) {
    case 'constant':
      return '1.0';
    case 'inverse-time':
      return `1.0 / (1.0 + ${pyNumber(schedule.decayRate)} * epoch)`;
    case 'scheduled':
      return `1.0 / (1.0 + ${pyNumber(schedule.decayRate)} * (epoch // ${schedule.interval}))`;
    case 'exponential':
      return `${pyNumber(schedule.decayRate)} ** epoch`;
    case 'step':
      return `${pyNumber(schedule.decayRate)} ** (epoch // ${schedule.interval})`;
  }
}

/** The initializer's standard deviation as a Python expression in fan_in and fan_out (initializers.ts). */
export function pythonInitializerStd(initializer: InitializerConfig): { expression: string; description: string } {
  switch (initializer.kind) {
    case 'zeros':
      return { expression: '0.0', description: 'zeros: W = 0 (every unit computes the same function)' };
    case 'random':
      return { expression: pyNumber(initializer.scale), description: `random: W ~ N(0, 1) · ${initializer.scale}` };
    case 'he':
      return { expression: 'math.sqrt(2.0 / fan_in)', description: 'He: W ~ N(0, 2/fan_in)' };
    case 'xavier':
      return initializer.form === 'fan-avg'
        ? { expression: 'math.sqrt(2.0 / (fan_in + fan_out))', description: 'Xavier (fan-avg, Glorot): W ~ N(0, 2/(fan_in + fan_out))' }
        : { expression: 'math.sqrt(1.0 / fan_in)', description: 'Xavier (fan-in): W ~ N(0, 1/fan_in)' };
  }
}

/** Input normalization offset and scale per feature, as applyNormalizer uses them (x' = (x − offset)/scale), or null for none. */
export function normalizationOf(doc: ModelDocument): { kind: 'zscore' | 'minmax'; offset: number[]; scale: number[] } | null {
  const n = doc.normalization as { kind: string; mean?: number[]; std?: number[]; min?: number[]; max?: number[] };
  if (n.kind === 'zscore' && n.mean && n.std) return { kind: 'zscore', offset: n.mean, scale: n.std };
  // minmax: x' = (x − min)/(max − min); fitNormalizer already gave a constant feature a range of 1.
  if (n.kind === 'minmax' && n.min && n.max) return { kind: 'minmax', offset: n.min, scale: n.max.map((high, f) => high - n.min![f]!) };
  return null;
}

/** The scripts' CSV reader: a header row, FEATURE_NAMES matched by name (or, for generated data, the first
 * INPUT_SIZE columns not named label or y), every other column ignored; bad cells named by row and column. */
export const pythonReadFeatures: readonly string[] = [
  'def read_features(path):',
  '    """The feature columns of a CSV file with a header row, matched by name; other columns are ignored."""',
  '    with open(path, newline="", encoding="utf-8-sig") as file:',
  '        text = file.read()',
  '    try:',
  '        dialect = csv.Sniffer().sniff(text.split("\\n", 1)[0], delimiters=",;\\t|")',
  '    except csv.Error:',
  '        dialect = csv.excel',
  '    records = [record for record in csv.reader(text.splitlines(), dialect) if any(cell.strip() for cell in record)]',
  '    if not records:',
  '        raise ValueError(f"{path} is empty: it needs a header row and data rows")',
  '    header = [name.strip() for name in records[0]]',
  '    if FEATURE_NAMES is not None:',
  '        missing = [name for name in FEATURE_NAMES if name not in header]',
  '        if missing:',
  '            raise ValueError(f"{path} has no column {\', \'.join(missing)} (the model reads {\', \'.join(FEATURE_NAMES)})")',
  '        columns = [header.index(name) for name in FEATURE_NAMES]',
  '    else:',
  '        columns = [i for i, name in enumerate(header) if name.lower() not in ("label", "y")][:INPUT_SIZE]',
  '        if len(columns) < INPUT_SIZE:',
  '            raise ValueError(f"{path} has {len(columns)} feature columns but the model reads {INPUT_SIZE}")',
  '    rows = []',
  '    for number, record in enumerate(records[1:], start=2):',
  '        row = []',
  '        for column in columns:',
  '            cell = record[column].strip() if column < len(record) else ""',
  '            try:',
  '                row.append(float(cell))',
  '            except ValueError:',
  '                raise ValueError(f"{path}, row {number}, column {header[column]}: {cell!r} is not a number") from None',
  '        rows.append(row)',
  '    return rows',
];

/** The standard-library imports both scripts start with (their framework's imports follow). */
export const pythonStandardImports: readonly string[] = ['import argparse', 'import csv', 'import json', 'import math', 'import sys', 'from pathlib import Path', ''];

/** Both scripts' learning_rate_at(epoch): the run's schedule as a Python function. */
export function pythonLearningRateAt(schedule: ScheduleConfig): string[] {
  return [
    'def learning_rate_at(epoch, base=LEARNING_RATE):',
    `    """${commentText(describeSchedule(schedule))} (epochs count from 0)."""`,
    `    return base * (${pythonScheduleFactor(schedule)})`,
  ];
}

/** How both scripts' main() ends (after its try block) and how the module runs it: a bad file is a message and exit code 2. */
export const pythonMainEnd: readonly string[] = [
  '    except (OSError, ValueError, KeyError) as error:',
  '        print(f"{Path(__file__).name}: {error}", file=sys.stderr)',
  '        return 2',
  '    return 0',
  '',
  '',
  'if __name__ == "__main__":',
  '    sys.exit(main())',
  '',
];

/** How the docstring tells a person to print predictions with the script `module`.py. */
export function predictUsage(module: string): string[] {
  return [
    `    python3 ${module}.py --predict data.csv`,
    '        reads the feature columns of data.csv by header name (a label column is ignored) and prints',
    '        {"predictions": [[...], ...]}, one row per data row: the same as `deepwire predict`.',
  ];
}

/**
 * The module's constants: where the model document is, the input's width and column names, the class
 * names, and the run's training settings (`weights`: what the framework calls a dense layer's matrix).
 */
export function pythonModuleConstants(doc: ModelDocument, settings: ScriptSettings, sidecar: string, weights: 'weights' | 'kernels'): string[] {
  return [
    `SIDECAR = Path(__file__).with_name(${pyString(sidecar)})`,
    `INPUT_SIZE = ${doc.spec.inputSize}`,
    settings.featureNames
      ? `FEATURE_NAMES = ${pyList(settings.featureNames)}  # the CSV columns the model reads, in this order`
      : `FEATURE_NAMES = None  # generated data: the first ${doc.spec.inputSize} CSV columns not named "label" or "y"`,
    `CLASS_NAMES = ${settings.classNames ? `${pyList(settings.classNames)}  # column j of the predictions is the probability of CLASS_NAMES[j]` : 'None'}`,
    '',
    "# The run's training settings (the model document's metadata.training).",
    `LEARNING_RATE = ${pyNumber(settings.learningRate)}  # α0; the schedule decays it per epoch: ${describeSchedule(settings.schedule)}`,
    `EPOCHS = ${settings.epochs}`,
    `BATCH_SIZE = ${settings.batchSize ?? 'None'}  # rows per optimizer step${settings.batchSize === null ? ' (None: the full batch)' : ''}`,
    `L2 = ${pyNumber(settings.l2)}  # λ of the L2 penalty λ/(2m)·ΣW² (dense ${weights} only)`,
  ];
}
