/**
 * The options as commander declares them (names, value placeholders, help text). Every value
 * arrives as a string and is checked by the zod readers of data-, model- and training-options,
 * so one place words every error.
 */
import type { Command } from 'commander';
import { backendKinds } from '@shared/api/training-settings';
import { generatorKinds } from '@shared/data/generators/registry';
import { hiddenActivationKinds } from '@shared/engine/activations';
import { optimizerKinds } from '@shared/engine/config';
import { hyperparameterNames, hyperparameterSpecs, optimizersWith } from '@shared/engine/optimizers/registry';
import { hyperparameterFlag, trainingDefaults } from './training-options';

/** "a, b or c" */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--dataset <name|file.csv>', `data: ${[...generatorKinds, 'mnist', 'iris'].join(', ')}, or a CSV file with a header row`)
    .option('--label <column>', 'CSV: the label column (default: the last column)')
    .option('--test <file.csv>', 'CSV: a separate test set with the same columns (then --split is TRAIN,DEV,0)')
    .option('--split <train,dev,test>', 'fractions of the data for training, dev and test (default 0.8,0.1,0.1; 1,0,0 keeps all for training)')
    .option('--normalize <kind>', 'input normalization fitted on the training rows: zscore, minmax or none (default zscore)')
    .option('--samples <n>', 'generated data sets: number of points')
    .option('--noise <sd>', 'generated data sets: noise level (see each set’s default)')
    .option('--seed <n>', 'seed for the data split, the initial weights, dropout and batch order (default 1)');
}

export function addModelOptions(command: Command): Command {
  return command
    .option('--layers <sizes>', 'layer sizes from input to output, e.g. 2,10,5,1 (first = features, last = classes, or 1 for two classes)')
    .option('--graph <file.json>', 'a design file saved from the canvas, instead of --layers')
    .option('--activation <fn>', `hidden activation: ${orList(hiddenActivationKinds)} (default relu)`)
    .option('--output <kind>', 'output: sigmoid, softmax or linear (default sigmoid for one unit, softmax for more)')
    .option('--keep-prob <p>', 'dropout after each hidden layer, keeping units with probability p')
    .option('--batch-norm', 'batch normalization after each hidden dense layer')
    .option('--init <kind>', 'weight initialization: zeros, random, he or xavier (default he)')
    .option('--init-scale <s>', '--init random: W ~ N(0, 1) × s (default 0.01)')
    .option('--l2 <lambda>', 'L2 regularization strength λ (default 0)');
}

export function addTrainingOptions(command: Command): Command {
  command
    .option('--optimizer <kind>', `${orList(optimizerKinds)} (default ${trainingDefaults.optimizer})`)
    .option('--lr <rate>', `learning rate α (default ${trainingDefaults.lr})`);
  // --beta, --beta1, --beta2, --epsilon: from the optimizers' own declarations
  for (const name of hyperparameterNames) {
    const { symbol, default: fallback } = hyperparameterSpecs[name];
    command.option(`${hyperparameterFlag(name)} <${symbol}>`, `${optimizersWith(name).join(', ')}: ${symbol} (default ${fallback})`);
  }
  return command
    .option('--batch <n|full>', "mini-batch size, or 'full' for batch gradient descent (default 64)")
    .option('--epochs <n>', 'passes over the training data (default 100)')
    .option('--decay <kind>', 'learning-rate decay: none, inverse-time, scheduled, exponential or step (default none)')
    .option('--decay-rate <r>', 'decay rate (inverse-time/scheduled: α0/(1 + r·…); exponential/step: factor in (0, 1])')
    .option('--decay-interval <k>', 'scheduled/step decay: epochs between decays')
    .option('--early-stopping <patience>', 'stop when the dev loss has not improved for this many epochs (best weights restored)')
    .option('--target-error <e>', 'Bayes/human-level error for the bias/variance diagnosis (default 0)')
    .option('--save-model <file.json>', 'save the trained model (weights, normalization, settings) to this file')
    .option('--backend <kind>', `auto (the fastest that runs the network here: ${backendKinds.join(', then ')}) or one of ${backendKinds.join(', ')} (default auto)`);
}
