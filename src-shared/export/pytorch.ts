/**
 * A trained model as a PyTorch script a learner can read and keep (issue 14): an nn.Module whose
 * layers follow the design's order and names, its weights and input normalization loaded from the
 * model document beside it (the sidecar), the run's loss, optimizer, schedule, L2, batch size and
 * initializer written out so training goes on exactly as Deepwire's engine would, and a command
 * line: `--predict FILE.csv` prints what `deepwire predict` prints; `--train-check FILE.json`
 * (the tests') trains full batch and prints the losses, then the predictions in inference mode.
 *
 * The script states each place where PyTorch's convention differs from Deepwire's and how it is
 * bridged (W transposed, batch norm's momentum, the momentum optimizer's velocity, the running
 * variance, L2), so the numbers match and a person sees why.
 */
import type { ModelDocument } from '../engine/model-document';
import type { ScriptLayer, ScriptSettings } from './script-common';
import { commentText, predictUsage, pythonReadFeatures, pyNumber, pyString, pythonClassName, pythonInitializerStd, pythonModuleConstants, pythonLearningRateAt, pythonMainEnd, pythonStandardImports, scriptLayers, scriptSettings } from './script-common';

export interface ScriptAbout {
  /** The design's name (or the run's label). */
  name: string;
  /** Deepwire's version. */
  version: string;
  /** The sidecar's file name, beside the script. */
  sidecar: string;
}

const activationModules = {
  relu: () => 'nn.ReLU()',
  'leaky-relu': (alpha: number) => `nn.LeakyReLU(negative_slope=${pyNumber(alpha)})`,
  tanh: () => 'nn.Tanh()',
  sigmoid: () => 'nn.Sigmoid()',
  linear: () => 'nn.Identity()',
} as const;

/** The default leaky-ReLU slope (engine/activations.ts DEFAULT_LEAKY_ALPHA; not imported: export may not reach the layers' module). */
const DEFAULT_LEAKY_ALPHA = 0.01;

function layerModule(layer: ScriptLayer): { code: string; comment: string } {
  const { spec } = layer;
  switch (spec.kind) {
    case 'dense':
      return { code: `nn.Linear(${layer.inputSize}, ${spec.units}, bias=${spec.useBias ? 'True' : 'False'})`, comment: `dense, ${spec.units} unit${spec.units === 1 ? '' : 's'}${spec.useBias ? '' : ', no bias'}` };
    case 'activation': {
      const alpha = spec.alpha ?? DEFAULT_LEAKY_ALPHA;
      return { code: activationModules[spec.fn](alpha), comment: spec.fn === 'linear' ? 'linear activation: z unchanged' : `${spec.fn}${spec.fn === 'leaky-relu' ? `, α = ${alpha}` : ''}` };
    }
    case 'batchnorm':
      return {
        code: `BatchNorm1d(${layer.inputSize}, eps=${pyNumber(spec.epsilon)}, momentum=1 - ${pyNumber(spec.momentum)})`,
        comment: `batch norm, Deepwire's β = ${spec.momentum}: torch's momentum is 1 − β (see BatchNorm1d)`,
      };
    case 'dropout':
      return { code: `nn.Dropout(p=1 - ${pyNumber(spec.keepProb)})`, comment: `dropout, keepProb ${spec.keepProb}: torch's p is the probability to DROP a unit` };
  }
}

function loadLines(layer: ScriptLayer): string[] {
  const { spec, attr, name } = layer;
  const q = (suffix: string) => pyString(`${name}.${suffix}`);
  if (spec.kind === 'dense') {
    return [
      `        # ${commentText(name)}: Deepwire's W is inputs × units (Z = X·W + b), torch's weight units × inputs (Z = X·Wᵀ + b).`,
      `        model.${attr}.weight.copy_(tensor(${q('W')}).T)`,
      ...(spec.useBias ? [`        model.${attr}.bias.copy_(tensor(${q('b')}).reshape(-1))`] : []),
    ];
  }
  if (spec.kind === 'batchnorm') {
    return [
      `        # ${commentText(name)}: γ, β and the running statistics inference normalizes with.`,
      `        model.${attr}.weight.copy_(tensor(${q('gamma')}).reshape(-1))`,
      `        model.${attr}.bias.copy_(tensor(${q('beta')}).reshape(-1))`,
      `        model.${attr}.running_mean.copy_(tensor(${q('runningMean')}).reshape(-1))`,
      `        model.${attr}.running_var.copy_(tensor(${q('runningVar')}).reshape(-1))`,
    ];
  }
  return [];
}

const outputs = {
  softmax: { predict: 'torch.softmax(logits, dim=1)', says: 'class probabilities: softmax of the logits' },
  sigmoid: { predict: 'torch.sigmoid(logits)', says: 'probabilities: sigmoid of each logit' },
  linear: { predict: 'logits', says: 'the values: a linear output is the logits themselves' },
} as const;

function lossFunction(doc: ModelDocument): string[] {
  const { activation, loss } = doc.spec.output;
  if (activation === 'softmax') {
    return [
      'def data_loss(logits, y):',
      '    """Softmax + categorical cross-entropy, the mean over the m rows: L = −(1/m)·Σ y·log softmax(z).',
      '    For one-hot y this is nn.CrossEntropyLoss()(logits, y.argmax(dim=1)); written out so soft targets work too."""',
      '    return -(y * F.log_softmax(logits, dim=1)).sum() / logits.shape[0]',
    ];
  }
  if (activation === 'sigmoid' && loss === 'binary-crossentropy') {
    return [
      'def data_loss(logits, y):',
      '    """Sigmoid + binary cross-entropy, on the logits (the stable form): L = −(1/m)·Σ [y·log σ(z) + (1 − y)·log(1 − σ(z))].',
      '    The mean over the m rows and the SUM over output units, as Deepwire counts it (for one unit',
      '    this is nn.BCEWithLogitsLoss(); for several it is that times the number of units)."""',
      '    return F.binary_cross_entropy_with_logits(logits, y, reduction="sum") / logits.shape[0]',
    ];
  }
  if (activation === 'sigmoid') {
    return [
      'def data_loss(logits, y):',
      '    """Sigmoid output with mean squared error and the course\'s ½: L = 1/(2m)·Σ (σ(z) − y)²."""',
      '    return ((torch.sigmoid(logits) - y) ** 2).sum() / (2 * logits.shape[0])',
    ];
  }
  return [
    'def data_loss(logits, y):',
    '    """Linear output with mean squared error and the course\'s ½: L = 1/(2m)·Σ (z − y)² (half of nn.MSELoss(reduction="sum")/m)."""',
    '    return ((logits - y) ** 2).sum() / (2 * logits.shape[0])',
  ];
}

function optimizerFunctions(settings: ScriptSettings): string[] {
  const o = settings.optimizer;
  switch (o.kind) {
    case 'gd':
      return [
        'def make_optimizer(model, learning_rate=LEARNING_RATE):',
        '    """Gradient descent, W −= α·dW: torch\'s plain SGD is the same rule."""',
        '    return torch.optim.SGD(model.parameters(), lr=learning_rate)',
        '',
        '',
        'def set_learning_rate(optimizer, rate):',
        '    for group in optimizer.param_groups:',
        '        group["lr"] = rate',
      ];
    case 'momentum':
      return [
        `BETA = ${pyNumber(o.beta)}  # β of the momentum's average of gradients`,
        '',
        '',
        'def make_optimizer(model, learning_rate=LEARNING_RATE):',
        '    """Momentum in Deepwire\'s (the course\'s) form: v = β·v + (1 − β)·dW;  W −= α·v.',
        '',
        '    torch\'s SGD keeps buf = β·buf + dW instead (and its first step sets buf = dW), so at every step',
        '    buf = v / (1 − β): the very same steps come from lr = α·(1 − β) with dampening 0.',
        '    (dampening=β would not do: torch skips the dampening on the first step.)"""',
        '    return torch.optim.SGD(model.parameters(), lr=learning_rate * (1 - BETA), momentum=BETA)',
        '',
        '',
        'def set_learning_rate(optimizer, rate):',
        '    for group in optimizer.param_groups:',
        '        group["lr"] = rate * (1 - BETA)  # see make_optimizer',
      ];
    case 'rmsprop':
      return [
        'def make_optimizer(model, learning_rate=LEARNING_RATE):',
        '    """RMSprop: s = β2·s + (1 − β2)·dW²;  W −= α·dW/(√s + ε).',
        '    torch\'s RMSprop (alpha = β2, no momentum, not centered) is the same rule, ε outside the root as here."""',
        `    return torch.optim.RMSprop(model.parameters(), lr=learning_rate, alpha=${pyNumber(o.beta2)}, eps=${pyNumber(o.epsilon)})`,
        '',
        '',
        'def set_learning_rate(optimizer, rate):',
        '    for group in optimizer.param_groups:',
        '        group["lr"] = rate',
      ];
    case 'adam':
      return [
        'def make_optimizer(model, learning_rate=LEARNING_RATE):',
        '    """Adam: v = β1·v + (1 − β1)·dW;  s = β2·s + (1 − β2)·dW²;  W −= α·v̂/(√ŝ + ε), v̂ = v/(1 − β1^t), ŝ = s/(1 − β2^t).',
        '    torch\'s Adam divides by √s/√(1 − β2^t) + ε = √ŝ + ε: ε in the same place, so the same rule',
        '    (not AdamW, and no weight_decay: L2 is in the loss, see l2_penalty)."""',
        `    return torch.optim.Adam(model.parameters(), lr=learning_rate, betas=(${pyNumber(o.beta1)}, ${pyNumber(o.beta2)}), eps=${pyNumber(o.epsilon)})`,
        '',
        '',
        'def set_learning_rate(optimizer, rate):',
        '    for group in optimizer.param_groups:',
        '        group["lr"] = rate',
      ];
  }
}

/** The PyTorch script for `doc`; it loads its weights from `about.sidecar` in its own folder. */
export function pytorchScript(doc: ModelDocument, about: ScriptAbout): string {
  const layers = scriptLayers(doc);
  const settings = scriptSettings(doc);
  const className = pythonClassName(about.name);
  const module = pythonModuleName(about.sidecar);
  const dense = layers.filter((l) => l.spec.kind === 'dense');
  const hasBatchNorm = layers.some((l) => l.spec.kind === 'batchnorm');
  const hasDropout = layers.some((l) => l.spec.kind === 'dropout');
  const normalization = doc.normalization.kind;
  const output = outputs[doc.spec.output.activation];
  const init = pythonInitializerStd(settings.initializer);
  const inferenceNotes = hasBatchNorm || hasDropout ? ` (${[hasBatchNorm && 'running statistics', hasDropout && 'no dropout'].filter(Boolean).join(', ')})` : '';
  const optimizerName = { gd: 'gradient descent', momentum: 'momentum', rmsprop: 'RMSprop', adam: 'Adam' }[settings.optimizer.kind];

  const architecture = ['inputs', ...layers.map((l) => `${l.attr}${l.spec.kind === 'dense' ? ` (${l.spec.units})` : ''}`), `${doc.spec.output.activation} (in predict)`].join(' → ');
  const lines: string[] = [
    '#!/usr/bin/env python3',
    '"""',
    `${commentText(about.name) || 'A Deepwire model'}: a network designed and trained in Deepwire ${commentText(about.version)}, exported for PyTorch.`,
    '',
    `The network is the nn.Module ${className} below; its weights and input normalization are loaded from`,
    `${commentText(about.sidecar)} (the model document Deepwire saved), which must stay beside this file.`,
    '',
    'Run it (needs PyTorch: pip install torch):',
    ...predictUsage(module),
    '',
    'Keep training it in Python:',
    `    from ${module} import ${className}, load_model, train`,
    '    model = load_model()                    # the trained weights',
    '    losses = train(model, x, y)             # x: raw feature rows (float tensor), y: targets (one-hot for classes)',
    '    model.predict(x)                        # outputs in inference mode',
    `Or from fresh weights: model = ${className}(); initialize(model); model.input_normalization.fit(x).`,
    ...(settings.defaulted.length > 0 ? ['', `The model document did not record ${settings.defaulted.join(', ')}: the defaults in brackets are used.`] : []),
    '"""',
    ...pythonStandardImports,
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    ...pythonModuleConstants(doc, settings, about.sidecar, 'weights'),
    '',
    '',
    'class InputNormalization(nn.Module):',
    ...(normalization === 'none'
      ? ['    """No input normalization: the run fed the raw features to the network."""']
      : normalization === 'zscore'
        ? [
            '    """z-score: x\' = (x − mean)/std per feature, with the training rows\' statistics (the population',
            '    std; a constant feature gets std 1). Buffers, so they move with the model and land in its state_dict."""',
          ]
        : [
            '    """min-max: x\' = (x − min)/(max − min) per feature, with the training rows\' range (a constant',
            '    feature gets range 1). Buffers, so they move with the model and land in its state_dict."""',
          ]),
    '',
    `    kind = ${pyString(normalization)}`,
    '',
    '    def __init__(self, size):',
    '        super().__init__()',
    '        self.register_buffer("offset", torch.zeros(size))  # mean or min',
    '        self.register_buffer("scale", torch.ones(size))  # std or max − min',
    '',
    '    def forward(self, x):',
    ...(normalization === 'none' ? ['        return x'] : ['        return (x - self.offset) / self.scale']),
    '',
    '    def load(self, normalization):',
    '        """From the model document\'s "normalization" field."""',
    '        if normalization["kind"] == "zscore":',
    '            offset, scale = normalization["mean"], normalization["std"]',
    '        elif normalization["kind"] == "minmax":',
    '            offset = normalization["min"]',
    '            scale = [high - low for low, high in zip(normalization["min"], normalization["max"])]',
    '        else:',
    '            return',
    '        self.offset.copy_(torch.tensor(offset, dtype=torch.float64))',
    '        self.scale.copy_(torch.tensor(scale, dtype=torch.float64))',
    '',
    '    @torch.no_grad()',
    '    def fit(self, x):',
    '        """Measures training rows, as Deepwire does before a run (never dev or test rows: that would leak them)."""',
    ...(normalization === 'zscore'
      ? [
          '        std = x.std(dim=0, unbiased=False)',
          '        self.offset.copy_(x.mean(dim=0))',
          '        self.scale.copy_(torch.where(std > 1e-12, std, torch.ones_like(std)))',
        ]
      : normalization === 'minmax'
        ? [
            '        low, high = x.min(dim=0).values, x.max(dim=0).values',
            '        self.offset.copy_(low)',
            '        self.scale.copy_(torch.where(high - low > 1e-12, high - low, torch.ones_like(low)))',
          ]
        : ['        return']),
  ];

  if (hasBatchNorm) {
    lines.push(
      '',
      '',
      'class BatchNorm1d(nn.BatchNorm1d):',
      '    """nn.BatchNorm1d with Deepwire\'s running statistics.',
      '',
      '    Both normalize a training batch with its own mean and biased variance (1/m) and inference with the',
      '    running ones: y = γ·(x − μ)/√(σ² + ε) + β. Deepwire keeps running = β·running + (1 − β)·batch, which is',
      '    torch\'s rule with momentum = 1 − β; but torch would average the UNBIASED batch variance (1/(m − 1))',
      '    into running_var, Deepwire (like Keras) the biased one, so training updates them here."""',
      '',
      '    def forward(self, x):',
      '        if not self.training:',
      '            return super().forward(x)',
      '        with torch.no_grad():',
      '            self.running_mean.mul_(1 - self.momentum).add_(x.mean(dim=0), alpha=self.momentum)',
      '            self.running_var.mul_(1 - self.momentum).add_(x.var(dim=0, unbiased=False), alpha=self.momentum)',
      '        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)',
    );
  }

  lines.push(
    '',
    '',
    `class ${className}(nn.Module):`,
    `    """${commentText(architecture)}.`,
    '',
    '    forward() takes raw feature rows and returns the logits (what the losses below take); predict() applies',
    `    the output activation. Layer names are the design's${hasDropout ? '; dropout is active only in train() mode' : ''}."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    `        self.input_normalization = InputNormalization(${doc.spec.inputSize})`,
    ...layers.map((l) => {
      const m = layerModule(l);
      return `        self.${l.attr} = ${m.code}  # ${commentText(m.comment)}`;
    }),
    '',
    '    def forward(self, x):',
    '        x = self.input_normalization(x)',
    ...layers.map((l) => `        x = self.${l.attr}(x)`),
    '        return x',
    '',
    '    @torch.no_grad()',
    '    def predict(self, x):',
    `        """The model's outputs for raw feature rows, ${output.says}, in inference mode${inferenceNotes}."""`,
    '        was_training = self.training',
    '        self.eval()',
    '        logits = self(x)',
    '        self.train(was_training)',
    `        return ${output.predict}`,
    '',
    '',
    'def load_weights(model, path=SIDECAR):',
    '    """Copies the weights and the input normalization of the model document at `path` into `model`."""',
    '    document = json.loads(Path(path).read_text(encoding="utf-8"))',
    '    weights = document["weights"]',
    '',
    '    def tensor(name):',
    '        saved = weights[name]  # {"rows", "cols", "values"}, row-major',
    '        return torch.tensor(saved["values"], dtype=torch.float64).reshape(saved["rows"], saved["cols"])',
    '',
    '    with torch.no_grad():',
    '        model.input_normalization.load(document["normalization"])',
    ...layers.flatMap(loadLines),
    '    return model',
    '',
    '',
    'def load_model(path=SIDECAR):',
    `    """A ${className} with the trained weights of the model document at \`path\`."""`,
    '    if not Path(path).exists():',
    `        raise FileNotFoundError(f"{path} is missing: keep the model document Deepwire exported beside this script (or start fresh: model = ${className}(); initialize(model))")`,
    `    return load_weights(${className}(), path)`,
    '',
    '',
    '@torch.no_grad()',
    'def initialize(model, generator=None):',
    `    """Fresh weights the way this run drew them, ${commentText(init.description)}; biases 0, γ 1, β 0.`,
    '    (The distribution, not the same numbers: torch\'s random generator is not Deepwire\'s.)"""',
    '    for layer in model.modules():',
    '        if isinstance(layer, nn.Linear):',
    '            fan_in, fan_out = layer.in_features, layer.out_features',
    settings.initializer.kind === 'zeros' ? '            layer.weight.zero_()' : `            layer.weight.normal_(0.0, ${init.expression}, generator=generator)`,
    '            if layer.bias is not None:',
    '                layer.bias.zero_()',
    '        elif isinstance(layer, nn.BatchNorm1d):',
    '            layer.reset_parameters()  # γ 1, β 0, running mean 0 and variance 1, as in Deepwire',
    '    return model',
    '',
    '',
    ...lossFunction(doc),
    '',
    '',
    'def l2_penalty(model, m):',
    '    """λ/(2m)·ΣW² over the dense layers\' weights (not biases, γ or β), added to the loss as Deepwire does, so',
    '    autograd adds (λ/m)·W to each dW. torch\'s weight_decay=λ/m on a group of those weights gives the same',
    '    gradient only while every batch has m rows, and leaves the penalty out of the loss: written out instead."""',
    `    return L2 / (2 * m) * sum((layer.weight ** 2).sum() for layer in (${dense.map((l) => `model.${l.attr}`).join(', ')}${dense.length === 1 ? ',' : ''}))`,
    '',
    '',
    ...pythonLearningRateAt(settings.schedule),
    '',
    '',
    ...optimizerFunctions(settings),
    '',
    '',
    'def train(model, x, y, epochs=EPOCHS, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, shuffle=True, start_epoch=0, optimizer=None):',
    `    """Trains as the Deepwire run did (${optimizerName}, the schedule, L2, mini-batches) and returns every step's loss,`,
    '    the L2 penalty included, as Deepwire reports it. x: raw feature rows, y: targets (one-hot for classes).',
    '    Each epoch takes a fresh order of the rows (shuffle) and keeps the last, partial batch. Pass start_epoch',
    '    to continue a decaying learning rate where it was, and the same optimizer to keep its moments."""',
    '    dtype = next(model.parameters()).dtype',
    '    x = torch.as_tensor(x, dtype=dtype)',
    '    y = torch.as_tensor(y, dtype=dtype)',
    '    n = x.shape[0]',
    '    size = n if batch_size is None else min(batch_size, n)',
    '    optimizer = optimizer or make_optimizer(model, learning_rate)',
    '    model.train()',
    '    losses = []',
    '    for epoch in range(start_epoch, start_epoch + epochs):',
    '        set_learning_rate(optimizer, learning_rate_at(epoch, learning_rate))',
    '        order = torch.randperm(n) if shuffle else torch.arange(n)',
    '        for start in range(0, n, size):',
    '            rows = order[start:start + size]',
    '            loss = data_loss(model(x[rows]), y[rows]) + l2_penalty(model, len(rows))',
    '            optimizer.zero_grad()',
    '            loss.backward()',
    '            optimizer.step()',
    '            losses.append(loss.item())',
    '    return losses',
    '',
    '',
    ...pythonReadFeatures,
    '',
    '',
    'def main(argv=None):',
    '    parser = argparse.ArgumentParser(description=__doc__.split("\\n\\n")[0])',
    '    action = parser.add_mutually_exclusive_group(required=True)',
    '    action.add_argument("--predict", metavar="FILE.csv", help="print the predictions for the rows of a CSV file as JSON")',
    '    action.add_argument("--train-check", metavar="FILE.json", help=\'train full batch on {"x", "y", "steps", "learningRate"} and print {"losses": [...]}\')',
    '    args = parser.parse_args(argv)',
    '    try:',
    '        model = load_model()',
    '        if args.predict:',
    '            # float64, so the printed numbers are as exact as the weights allow.',
    '            x = torch.tensor(read_features(args.predict), dtype=torch.float64).reshape(-1, INPUT_SIZE)',
    '            print(json.dumps({"predictions": model.double().predict(x).tolist()}))',
    '        else:',
    '            check = json.loads(Path(args.train_check).read_text(encoding="utf-8"))',
    '            model = model.double()',
    '            rate = check.get("learningRate", LEARNING_RATE)',
    '            losses = train(model, check["x"], check["y"], epochs=check["steps"], batch_size=None, learning_rate=rate, shuffle=False)',
    '            # Inference after training: batch norm now runs on the statistics it kept while training.',
    '            x = torch.tensor(check["x"], dtype=torch.float64).reshape(-1, INPUT_SIZE)',
    '            print(json.dumps({"losses": losses, "predictions": model.predict(x).tolist()}))',
    ...pythonMainEnd,
  );
  return lines.join('\n');
}

/** The script's module name from its sidecar's ("moons.model.json" → "moons"), for the usage lines. */
function pythonModuleName(sidecar: string): string {
  return sidecar.replace(/\.model\.json$/i, '') || 'model';
}
