/**
 * The training domain's commands, answered by the training service (services/training/). A host
 * that starts no training service (tests of other domains) gets 'unavailable' with a sentence.
 */
import { CommandError, type HandlersOf, type trainingCommands } from '@shared/api';
import type { TrainingService } from './training/training-service';

type TrainingCommand = keyof typeof trainingCommands;

/** `service` is the host's one training service (handlers.ts starts it), or null. */
export function createTrainingHandlers(service: TrainingService | null): HandlersOf<TrainingCommand> {
  if (!service) {
    const notHere = (): never => {
      throw new CommandError('unavailable', 'Training is not available in this host; use the deepwire command to train.');
    };
    return {
      'training:start': notHere,
      'training:pause': notHere,
      'training:resume': notHere,
      'training:stop': notHere,
      'training:adjust': notHere,
      'training:list': () => ({ runs: [] }),
      'training:get': notHere,
      'training:gradcheck': notHere,
      'training:checkpoints': notHere,
      'training:rollback': notHere,
    };
  }
  return {
    'training:start': (request) => service.start(request),
    'training:pause': (request) => service.pause(request),
    'training:resume': (request) => service.resume(request),
    'training:stop': (request) => service.stop(request),
    'training:adjust': (request) => service.adjust(request),
    'training:list': () => service.list(),
    'training:get': (request) => service.get(request),
    'training:gradcheck': (request) => service.gradcheck(request),
    'training:checkpoints': (request) => service.checkpoints(request),
    'training:rollback': (request) => service.rollback(request),
  };
}
