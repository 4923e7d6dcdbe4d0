/**
 * The training domain's commands. PLACEHOLDER until the training service lands: every command
 * answers 'unavailable' with a sentence saying so (the contract and the UI are being built against it).
 */
import { CommandError, type HandlersOf, type trainingCommands } from '@shared/api';
import type { ServiceOptions } from './service-options';

type TrainingCommand = keyof typeof trainingCommands;

export function createTrainingHandlers(_options: ServiceOptions): HandlersOf<TrainingCommand> {
  const notYet = (): never => {
    throw new CommandError('unavailable', 'Training in the app is not available in this build yet; use the deepwire command to train.');
  };
  return {
    'training:start': notYet,
    'training:pause': notYet,
    'training:resume': notYet,
    'training:stop': notYet,
    'training:adjust': notYet,
    'training:list': () => ({ runs: [] }),
    'training:get': notYet,
    'training:gradcheck': notYet,
  };
}
