/**
 * A trained model as a Keras script (issue 14): the same network as a keras.Sequential, its weights
 * and input normalization set from the model document beside it, the run's training settings as a
 * compile/fit snippet, and the same `--predict FILE.csv` command line as the PyTorch script. Keras
 * is not installable where Deepwire is built, so its tests only compile the script: where Keras's
 * rules differ from Deepwire's, the script says so rather than claiming to match.
 */
import type { ModelDocument } from '../engine/model-document';
import type { ScriptAbout } from './pytorch';
import type { ScriptLayer, ScriptSettings } from './script-common';
import { commentText, predictUsage, pyNumber, pyString, pythonClassName, pythonInitializerStd, pythonModuleConstants, pythonReadFeatures, pythonLearningRateAt, pythonMainEnd, pythonStandardImports, scriptLayers, scriptSettings } from './script-common';

const DEFAULT_LEAKY_ALPHA = 0.01;

function kerasLayer(layer: ScriptLayer, settings: ScriptSettings): string {
  const { spec, attr } = layer;
  const name = pyString(attr);
  switch (spec.kind) {
    case 'dense': {
      const init = pythonInitializerStd(settings.initializer);
      const std = init.expression.replace('fan_in', String(layer.inputSize)).replace('fan_out', String(spec.units));
      const initializer = settings.initializer.kind === 'zeros' ? '"zeros"' : `keras.initializers.RandomNormal(stddev=${std})`;
      return `        layers.Dense(${spec.units}, use_bias=${spec.useBias ? 'True' : 'False'}, kernel_initializer=${initializer}, kernel_regularizer=regularizer, name=${name}),`;
    }
    case 'activation':
      if (spec.fn === 'leaky-relu') return `        layers.LeakyReLU(${pyNumber(spec.alpha ?? DEFAULT_LEAKY_ALPHA)}, name=${name}),  # the slope for z < 0`;
      return `        layers.Activation(${pyString(spec.fn)}, name=${name}),`;
    case 'batchnorm':
      return `        layers.BatchNormalization(momentum=${pyNumber(spec.momentum)}, epsilon=${pyNumber(spec.epsilon)}, name=${name}),  # Keras's momentum is Deepwire's β: moving = β·moving + (1 − β)·batch`;
    case 'dropout':
      return `        layers.Dropout(1 - ${pyNumber(spec.keepProb)}, name=${name}),  # Keras's rate is the probability to DROP a unit (keepProb ${spec.keepProb})`;
  }
}

function setWeightLines(layer: ScriptLayer): string[] {
  const { spec, attr, name } = layer;
  const q = (suffix: string) => pyString(`${name}.${suffix}`);
  const get = `model.get_layer(${pyString(attr)})`;
  if (spec.kind === 'dense') {
    return [
      `    # ${commentText(name)}: Keras's kernel is inputs × units, like Deepwire's W (Z = X·W + b): no transpose.`,
      `    ${get}.set_weights([array(${q('W')})${spec.useBias ? `, array(${q('b')}).reshape(-1)` : ''}])`,
    ];
  }
  if (spec.kind === 'batchnorm') {
    return [`    ${get}.set_weights([array(${q('gamma')}).reshape(-1), array(${q('beta')}).reshape(-1), array(${q('runningMean')}).reshape(-1), array(${q('runningVar')}).reshape(-1)])`];
  }
  return [];
}

function kerasLoss(doc: ModelDocument): { code: string; comment: string } {
  const { activation, loss } = doc.spec.output;
  if (activation === 'softmax') return { code: 'keras.losses.CategoricalCrossentropy()', comment: 'softmax + cross-entropy, the mean over the batch' };
  if (loss === 'binary-crossentropy') {
    return { code: 'SummedOverUnits(keras.losses.BinaryCrossentropy())', comment: 'sigmoid + binary cross-entropy: Deepwire sums over the output units, Keras averages them' };
  }
  return { code: 'SummedOverUnits(keras.losses.MeanSquaredError(), scale=0.5)', comment: "mean squared error with the course's ½, summed over the output units" };
}

function kerasOptimizer(settings: ScriptSettings): string[] {
  const o = settings.optimizer;
  switch (o.kind) {
    case 'gd':
      return ['    # Gradient descent, W −= α·dW: the same rule.', '    return keras.optimizers.SGD(learning_rate=schedule)'];
    case 'momentum':
      return [
        `    # Momentum, Deepwire's (the course's) form: v = β·v + (1 − β)·dW; W −= α·v. Keras keeps u = β·u − lr·dW; W += u,`,
        '    # so u = −lr·v/(1 − β): the same steps with lr = α·(1 − β).',
        `    beta = ${pyNumber(o.beta)}`,
        '    return keras.optimizers.SGD(learning_rate=lambda: schedule() * (1 - beta), momentum=beta)',
      ];
    case 'rmsprop':
      return [
        "    # RMSprop: s = β2·s + (1 − β2)·dW²; W −= α·dW/(√s + ε). Keras's ε is placed its own way (the paper's ε-hat),",
        '    # so the steps agree with Deepwire\'s while ε is far below √s, not to the last digit.',
        `    return keras.optimizers.RMSprop(learning_rate=schedule, rho=${pyNumber(o.beta2)}, epsilon=${pyNumber(o.epsilon)})`,
      ];
    case 'adam':
      return [
        '    # Adam: W −= α·v̂/(√ŝ + ε) with bias-corrected v̂, ŝ. Keras adds its ε (the paper\'s ε-hat) to √s before the',
        '    # bias correction, i.e. Deepwire\'s rule with ε·√(1 − β2^t) in place of ε: the same while ε is far below √ŝ.',
        `    return keras.optimizers.Adam(learning_rate=schedule, beta_1=${pyNumber(o.beta1)}, beta_2=${pyNumber(o.beta2)}, epsilon=${pyNumber(o.epsilon)})`,
      ];
  }
}

/** The Keras script for `doc`; it loads its weights from `about.sidecar` in its own folder. */
export function kerasScript(doc: ModelDocument, about: ScriptAbout): string {
  const layers = scriptLayers(doc);
  const settings = scriptSettings(doc);
  const modelName = pythonClassName(about.name);
  const module = about.sidecar.replace(/\.model\.json$/i, '') || 'model';
  const normalization = doc.normalization.kind;
  const loss = kerasLoss(doc);
  const output = doc.spec.output.activation;
  const architecture = ['inputs', ...(normalization === 'none' ? [] : ['input_normalization']), ...layers.map((l) => l.attr), output].join(' → ');

  return [
    '#!/usr/bin/env python3',
    '"""',
    `${commentText(about.name) || 'A Deepwire model'}: a network designed and trained in Deepwire ${commentText(about.version)}, exported for Keras.`,
    '',
    `The network is a keras.Sequential (${commentText(architecture)}); its weights and input normalization`,
    `are set from ${commentText(about.sidecar)} (the model document Deepwire saved), which must stay beside this file.`,
    '',
    'Run it (needs Keras 3 with a backend: pip install keras tensorflow):',
    ...predictUsage(module),
    '',
    'Keep training it in Python:',
    `    from ${module} import load_model, train`,
    '    model = load_model()',
    '    train(model, x, y)   # x: raw feature rows, y: targets (one-hot for classes)',
    ...(settings.defaulted.length > 0 ? ['', `The model document did not record ${settings.defaulted.join(', ')}: the defaults in brackets are used.`] : []),
    '"""',
    ...pythonStandardImports,
    'import numpy as np',
    'import keras',
    'from keras import layers',
    '',
    ...pythonModuleConstants(doc, settings, about.sidecar, 'kernels'),
    '',
    '',
    'def build_model(document, batch_rows):',
    '    """The network; `batch_rows` is m, the rows of a training batch: Deepwire\'s L2 penalty λ/(2m)·ΣW² is Keras\'s',
    '    L2(λ/(2m)) on each kernel (Keras adds it once per batch; exact while every batch has m rows)."""',
    '    regularizer = keras.regularizers.L2(L2 / (2 * batch_rows)) if L2 > 0 else None',
    ...(normalization === 'none'
      ? ['    # No input normalization: the run fed the raw features to the network.']
      : normalization === 'zscore'
        ? [
            "    # z-score, x' = (x − mean)/std with the training rows' statistics: Keras's Normalization divides by √variance.",
            '    normalization = document["normalization"]',
            '    offset, scale = normalization["mean"], normalization["std"]',
          ]
        : [
            "    # min-max, x' = (x − min)/(max − min) with the training rows' range: Keras's Normalization with mean = min and",
            '    # variance = (max − min)², as it divides by √variance.',
            '    normalization = document["normalization"]',
            '    offset = normalization["min"]',
            '    scale = [high - low for low, high in zip(normalization["min"], normalization["max"])]',
          ]),
    `    return keras.Sequential(name=${pyString(modelName)}, layers=[`,
    `        keras.Input(shape=(${doc.spec.inputSize},), name="features"),`,
    ...(normalization === 'none' ? [] : ['        layers.Normalization(mean=offset, variance=[s * s for s in scale], name="input_normalization"),']),
    ...layers.map((l) => kerasLayer(l, settings)),
    `        layers.Activation(${pyString(output)}, name="output"),  # ${output === 'linear' ? 'a linear output: the values themselves' : `the output activation: ${output}`}`,
    '    ])',
    '',
    '',
    'def load_model(path=SIDECAR, batch_rows=None):',
    '    """The network with the trained weights of the model document at `path`."""',
    '    if not Path(path).exists():',
    '        raise FileNotFoundError(f"{path} is missing: keep the model document Deepwire exported beside this script")',
    '    document = json.loads(Path(path).read_text(encoding="utf-8"))',
    '    model = build_model(document, batch_rows or BATCH_SIZE or 1)',
    '    weights = document["weights"]',
    '',
    '    def array(name):',
    '        saved = weights[name]  # {"rows", "cols", "values"}, row-major',
    '        return np.array(saved["values"], dtype="float32").reshape(saved["rows"], saved["cols"])',
    '',
    ...layers.flatMap(setWeightLines),
    '    return model',
    '',
    '',
    'class SummedOverUnits(keras.losses.Loss):',
    '    """A Keras loss averaged over the output units, times their number (and `scale`): Deepwire\'s losses are the',
    '    mean over the batch\'s rows of the SUM over the units."""',
    '',
    '    def __init__(self, loss, scale=1.0):',
    '        super().__init__(name=f"summed_{loss.name}")',
    '        self.loss, self.scale = loss, scale',
    '',
    '    def call(self, y_true, y_pred):',
    '        units = y_pred.shape[-1]',
    '        return self.scale * units * self.loss(y_true, y_pred)',
    '',
    '',
    ...pythonLearningRateAt(settings.schedule),
    '',
    '',
    'def make_optimizer(schedule):',
    '    """The run\'s optimizer; `schedule()` is the current learning rate α."""',
    ...kerasOptimizer(settings),
    '',
    '',
    'def train(model, x, y, epochs=EPOCHS, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, start_epoch=0):',
    `    """Trains with the run's settings: ${commentText(loss.comment)}; a fresh order of the rows each epoch, the last`,
    '    partial batch kept; the schedule sets α per epoch. Returns the Keras History."""',
    '    x = np.asarray(x, dtype="float32")',
    '    y = np.asarray(y, dtype="float32")',
    '    rate = {"alpha": learning_rate_at(start_epoch, learning_rate)}',
    '    model.compile(optimizer=make_optimizer(lambda: rate["alpha"]), loss=' + loss.code + ')',
    '    set_rate = keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: rate.update(alpha=learning_rate_at(start_epoch + epoch, learning_rate)))',
    '    return model.fit(x, y, epochs=epochs, batch_size=batch_size or len(x), shuffle=True, callbacks=[set_rate], verbose=2)',
    '',
    '',
    ...pythonReadFeatures,
    '',
    '',
    'def main(argv=None):',
    '    parser = argparse.ArgumentParser(description=__doc__.split("\\n\\n")[0])',
    '    parser.add_argument("--predict", metavar="FILE.csv", required=True, help="print the predictions for the rows of a CSV file as JSON")',
    '    args = parser.parse_args(argv)',
    '    try:',
    '        model = load_model()',
    '        x = np.array(read_features(args.predict), dtype="float32").reshape(-1, INPUT_SIZE)',
    '        predictions = model.predict(x, verbose=0) if len(x) else np.zeros((0, model.output_shape[-1]))',
    '        print(json.dumps({"predictions": predictions.astype(float).tolist()}))',
    ...pythonMainEnd,
  ].join('\n');
}
