/** The training domain's commands (none yet): adding one to src-shared/api/training.ts makes the compiler ask for its handler here. */
import type { HandlersOf, trainingCommands } from '@shared/api';
import type { ServiceOptions } from './service-options';

export function createTrainingHandlers(_options: ServiceOptions): HandlersOf<keyof typeof trainingCommands> {
  return {};
}
