/**
 * Entry of the `deepwire` command (out/main/cli.js, started by bin/deepwire.js). It never imports
 * electron, so it runs under plain Node. Exit status: 0 done, 1 the run diverged / the gradient
 * check failed / an unexpected error, 2 a bad or missing argument, 130 stopped with Ctrl+C.
 */
import { Command, CommanderError } from 'commander';
import { runStates } from '@shared/api';
import { exportFormats } from '@shared/export/formats';
import { builtWorkerEntry } from '../services/training/worker-entry';
import { appVersion } from '../version';
import { addDataOptions, addModelOptions, addTrainingOptions } from './command-options';
import { defaultCheckRows, defaultSamplePerTensor, gradcheckCommand, gradcheckMaxParameters } from './gradcheck-command';
import { defaultHistoryLimit, historyCommand } from './history-command';
import { addDatabaseOption, addRecordOptions } from './record-options';
import { arenaCommand, defaultArenaTrials } from './arena-command';
import { exportCommand, exportFormatHelp } from './export-command';
import { predictCommand } from './predict-command';
import { collect } from './search-options';
import { showCommand } from './show-command';
import { defaultTop, sweepCommand } from './sweep-command';
import { trainCommand, type CommandOutput } from './train-command';
import { workerCommand } from './worker-command';
import { exitCodes, UsageError } from './usage-error';
import { installNativeKernels } from '../native/install';

/** sweep and arena train in worker threads: the built worker beside this file (out/main/training-worker.js). */
const trainingWorker = builtWorkerEntry(import.meta.dirname);
// Runs prepared here (train, gradcheck) may take the native kernels; worker threads load them for themselves.
installNativeKernels();
const jsonWanted = process.argv.includes('--json');
const output: CommandOutput = { stdout: (text) => process.stdout.write(text), stderr: process.stderr };

/** Reports a failure: prose on stderr, and with --json also the one JSON object on stdout. */
function fail(commandName: string, message: string, exitCode: number): number {
  for (const line of message.split('\n')) process.stderr.write(`deepwire ${commandName}: ${line}\n`);
  if (exitCode === exitCodes.usage) process.stderr.write(`Run 'deepwire ${commandName} --help' to see the options.\n`);
  if (jsonWanted) process.stdout.write(`${JSON.stringify({ error: { message, exitCode } })}\n`);
  return exitCode;
}

async function runCommand(commandName: string, action: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    if (error instanceof UsageError) process.exitCode = fail(commandName, error.message, error.exitCode);
    else process.exitCode = fail(commandName, error instanceof Error ? (error.stack ?? error.message) : String(error), exitCodes.failed);
  }
}

const program = new Command('deepwire')
  .description('Train and check neural networks from the command line (the same engine as the Deepwire app).')
  .version(appVersion, '-v, --version')
  .showHelpAfterError(false)
  .configureOutput({
    // Commander's own errors (unknown option, missing value) name the option; keep --json's stdout to one object.
    outputError: (text, write) => {
      write(text);
      if (jsonWanted) process.stdout.write(`${JSON.stringify({ error: { message: text.trim().replace(/^error: /, ''), exitCode: exitCodes.usage } })}\n`);
    },
  })
  .exitOverride();

addRecordOptions(addTrainingOptions(addModelOptions(addDataOptions(program.command('train')))))
  .description('Train a network on a data set and report loss, accuracy and a bias/variance diagnosis.')
  .option('--data-seed <n>', 'seed for generating and splitting the data only (default: --seed), so the weights can stay while the split changes')
  .option('--json', 'print exactly one JSON object on stdout (no progress bar)')
  .addHelpText(
    'after',
    `
Examples:
  deepwire train --dataset moons --layers 2,16,16,1 --activation tanh --epochs 50
  deepwire train --dataset iris --layers 4,8,3 --optimizer momentum --beta 0.9 --lr 0.05 --split 0.6,0.2,0.2
  deepwire train --dataset data.csv --label species --layers 4,10,3 --l2 0.01 --save-model iris.json --json

Exit status: 0 trained, 1 the run diverged, 2 a bad or missing option, 130 stopped with Ctrl+C.`,
  )
  .action((options: Record<string, unknown>) => runCommand('train', () => trainCommand(options, output)));

addRecordOptions(addModelOptions(addDataOptions(program.command('gradcheck'))))
  .description("Check backprop against numerical gradients (float64) on a few rows, at the weights 'train' would start from.")
  .option('--rows <n>', `rows of training data in the checked batch (default ${defaultCheckRows})`)
  .option('--sample <n>', `entries checked per tensor: larger tensors get a seeded random sample of this many (default ${defaultSamplePerTensor})`)
  .option('--data-seed <n>', 'seed for generating and splitting the data only (default: --seed)')
  .option('--json', 'print exactly one JSON object on stdout')
  .addHelpText(
    'after',
    `
Example:
  deepwire gradcheck --dataset moons --layers 2,5,3,1 --activation tanh --json

Networks above ${gradcheckMaxParameters.toLocaleString('en-US')} parameters are refused at the default --rows and --sample (each checked
entry costs two passes through the network on every row; more rows or entries lower the limit).

Exit status: 0 good or worth a closer look, 1 wrong (a bug in backprop), 2 a bad or missing option.`,
  )
  .action((options: Record<string, unknown>) => runCommand('gradcheck', () => gradcheckCommand(options, output)));

addRecordOptions(addTrainingOptions(addModelOptions(addDataOptions(program.command('sweep')))))
  .description('Search hyperparameters (caviar): many trials, each a run trained in a worker thread, ranked by their dev metric.')
  .option('--param <name=scale>', 'a hyperparameter the search varies, repeatable: lr=log:1e-4:1e-1, beta=log1m:0.9:0.999, units=int:4:64 (int-log:4:256), decay=linear:0:1, optimizer=choice:gd,momentum,adam', collect)
  .option('--space <file.json>', 'the search from a file: {"space": {...}, "plan"?: {...}, "base"?: {"design", "settings"}} (--param and plan flags add to it)')
  .option('--trials <n>', 'trials in all (default 8)')
  .option('--parallel <n>', 'trials training at once (default 2)')
  .option('--strategy <kind>', 'random (default, as the course advises) or grid')
  .option('--halving', 'stop clear losers early by successive halving (rungs at 1, 3, 9, … epochs; a third go on)')
  .option('--budget-steps <n>', 'optimizer steps over all trials; none starts or goes on past it')
  .option('--parent <search-id>', 'coarse to fine: narrow this earlier search’s space around its best trials (its design, data and plan)')
  .option('--top <k>', `with --parent: how many of its best trials the narrowed space is drawn around (default ${defaultTop})`)
  .option('--name <text>', 'the search’s name in history')
  .option('--queue <url>', 'train the trials on a Redis queue that `deepwire worker` processes pull from: redis://[user:password@]host:port (rediss:// for TLS); --parallel trials are on the queue at once')
  .option('--json', 'print exactly one JSON object: {"sweepId", "trials": [{"id", "params", "status", "dev", "train", …}], "best"} with the trials best first')
  .addHelpText(
    'after',
    `
--epochs is each trial's; --seed seeds the data, the weights and the draws of the trials; the other
training options (--optimizer, --lr, --batch, …) are the base every trial starts from.

Examples:
  deepwire sweep --dataset moons --layers 2,8,1 --epochs 50 --trials 8 --parallel 2 --param lr=log:1e-4:1e-1 --param units=int:4:64
  deepwire sweep --dataset moons --layers 2,8,1 --optimizer momentum --param lr=log:1e-3:1 --param beta=log1m:0.9:0.999 --halving --json
  deepwire sweep --parent search-1 --top 3 --trials 8

Exit status: 0 done, 1 the search failed, 2 a bad or missing option, 130 stopped with Ctrl+C.`,
  )
  .action((options: Record<string, unknown>) => runCommand('sweep', () => sweepCommand(options, output, trainingWorker)));

addRecordOptions(addTrainingOptions(addModelOptions(addDataOptions(program.command('arena')))))
  .description('The strategy arena: panda (one run babysat by a scripted policy) against caviar (a search) on the same budget of optimizer steps.')
  .option('--budget-steps <n>', 'the optimizer steps each side may spend (required)')
  .option('--param <name=scale>', "caviar's search space, repeatable (default: lr=log:1e-3:1)", collect)
  .option('--trials <n>', `caviar's trials (default ${defaultArenaTrials})`)
  .option('--parallel <n>', "caviar's trials at once (default 2; panda trains one run beside them)")
  .option('--no-halving', 'caviar without successive halving')
  .option('--patience <k>', "panda's policy: scale α after this many epochs without a better dev loss (default 3)")
  .option('--factor <f>', "panda's policy: what α is multiplied by, and on a rollback after divergence (default 0.5)")
  .option('--json', 'print exactly one JSON object: {"panda": {"bestDev", "steps", "curve", …}, "caviar": {…}, "winner", "verdict", …}')
  .addHelpText(
    'after',
    `
Panda trains the base settings for as many epochs as the budget holds; caviar's trials share it.

Example:
  deepwire arena --dataset moons --layers 2,8,1 --budget-steps 2000 --parallel 2 --json

Exit status: 0 done, 1 an arena that failed, 2 a bad or missing option, 130 stopped with Ctrl+C.`,
  )
  .action((options: Record<string, unknown>) => runCommand('arena', () => arenaCommand(options, output, trainingWorker)));

program
  .command('worker')
  .description('Join a Redis queue and train the trials of every search submitted to it (deepwire sweep --queue, the app), on this machine.')
  .option('--queue <url>', 'the Redis the searches use: redis://[user:password@]host:port[/db], or rediss://… for TLS (required)')
  .option('--concurrency <n>', 'trials trained at once (default: one per core)')
  .option('--name <text>', 'how this worker is shown to the searches (default: <hostname>/<pid>)')
  .addHelpText(
    'after',
    `
Each trial trains in a worker thread with the same engine as 'deepwire train' (WebAssembly where the
network allows); its data comes from Redis once per data set, checked against its fingerprint.
Ctrl+C (or SIGTERM) lets the current trials finish and report, then leaves; a second one leaves at
once and the trials go back to the queue for another worker.

Never expose Redis to a network without TLS and a password: anyone who reaches it can read the
data, submit work to your workers and change results. Use rediss:// with a password (Redis 6+:
a user too), or keep Redis on a private network or behind an SSH tunnel.

Examples:
  deepwire worker --queue redis://127.0.0.1:6379
  deepwire worker --queue redis://10.0.0.5:6379 --concurrency 4 --name lab-3
  deepwire worker --queue rediss://deepwire:s3cret@redis.example.org:6380/2

Exit status: 0 left after its trials, 2 a bad or missing option, 130 left at once (second signal).`,
  )
  .action(async (options: Record<string, unknown>) => {
    await runCommand('worker', () => workerCommand(options, output, trainingWorker));
    // A worker leaves when it says so, whatever connection BullMQ is still closing.
    process.exit();
  });

addDatabaseOption(program.command('history'))
  .description('List the recorded runs (deepwire train, the app, the web host), newest first.')
  .option('--status <state>', `only runs in this state: ${runStates.join(', ')}`)
  .option('--dataset <name>', 'only runs on this data set (as the list shows it)')
  .option('--tag <tag>', 'only runs with this tag')
  .option('--search <text>', 'only runs whose id, label or data set contains this text')
  .option('--limit <n>', `at most this many runs (default ${defaultHistoryLimit})`)
  .option('--export <file.json>', 'write the selected runs (all matching the filters, or --limit of them) with their metrics to a runs file')
  .option('--import <file.json>', "add a runs file's runs to the database (checked first: a broken file changes nothing; runs already there are skipped)")
  .option('--json', 'print exactly one JSON object: {"runs": [{"id", "status", "epochs", "dataset", "createdAt", "train", "dev"}]}')
  .addHelpText('after', '\nExamples:\n  deepwire history --status completed --limit 5\n  deepwire history --db runs.db --json\n  deepwire history --tag baseline --export baseline-runs.json\n  deepwire history --db other.db --import baseline-runs.json')
  .action((options: Record<string, unknown>) => runCommand('history', () => historyCommand(options, output)));

addDatabaseOption(program.command('show').argument('<RUN_ID>', "a run's id, as 'deepwire history' lists it"))
  .description("Print one recorded run: its settings, interventions and metrics per epoch.")
  .option('--json', 'print exactly one JSON object: {"id", "status", "settings", "interventions", "metrics": [{"epoch", "loss", ...}], ...}')
  .addHelpText('after', '\nExit status: 0 shown, 2 no such run or a bad option.')
  .action((runId: string, options: Record<string, unknown>) => runCommand('show', () => showCommand({ ...options, runId }, output)));

addDatabaseOption(program.command('predict').argument('[RUN_ID]', "a recorded run's id, as 'deepwire history' lists it (or give --model FILE)"))
  .description("Apply a trained model to the raw rows of a CSV and print each row's output (class probabilities, or values).")
  .option('--model <file.json>', "a model saved with 'deepwire train --save-model' instead of a recorded run")
  .option('--data <file.csv>', "the rows to predict: a header row, then the training data's feature columns (found by name, in any order; other columns such as the label are ignored)")
  .option('--json', 'print exactly one JSON object: {"predictions": [[p0, p1, ...], ...]}, one row per data row (a single sigmoid unit gives [p])')
  .addHelpText(
    'after',
    `
The model's own normalization (fitted on its training rows) is applied to the raw values first.
A model trained on generated data records no column names: it takes the first numeric columns
(a column named like a label is skipped), and says which it took.

Examples:
  deepwire predict run-12 --data new-flowers.csv
  deepwire predict --model iris.json --data new-flowers.csv --json

Exit status: 0 predicted, 2 no such run or model, a bad option or a CSV it cannot use.`,
  )
  .action((runId: string | undefined, options: Record<string, unknown>) => runCommand('predict', () => predictCommand({ ...options, ...(runId !== undefined && { runId }) }, output)));

addDatabaseOption(program.command('export').argument('[RUN_ID]', "a recorded run's id, as 'deepwire history' lists it (or give --model FILE)"))
  .description('Write a trained model in a format other tools read: ONNX for deployment, a PyTorch or Keras script to keep training.')
  .option('--model <file.json>', "a model saved with 'deepwire train --save-model' instead of a recorded run")
  .option('--format <format>', `one of ${exportFormats.join(', ')}`)
  .option('--out <path>', 'the file to write (model.onnx, model.py); a script also gets its model document beside it (model.model.json)')
  .option('--json', 'print exactly one JSON object: {"files": [paths written], "format"}')
  .addHelpText(
    'after',
    `
Formats:
${exportFormatHelp}

Every file is written to a temporary name first and renamed when all are complete: a failure
leaves nothing behind. A diverged run, or one that kept no weights, has no model to export.

Examples:
  deepwire export run-12 --format onnx --out moons.onnx
  deepwire export --model iris.json --format pytorch --out iris.py --json

Exit status: 0 written, 1 the exporter failed on this model, 2 no such run or model, a bad option or a path that cannot be written.`,
  )
  .action((runId: string | undefined, options: Record<string, unknown>) => runCommand('export', () => exportCommand({ ...options, ...(runId !== undefined && { runId }) }, output)));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and --version end with 0; every parsing error (unknown option, missing value) with 2.
  process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
}
