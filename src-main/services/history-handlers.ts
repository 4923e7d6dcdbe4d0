/**
 * The history domain's commands, answered by the HistoryService over the experiment database the
 * host opened. A host without one (the desktop app when the database could not be opened keeps
 * runs in memory) lists nothing and answers the other commands 'unavailable' with a sentence.
 */
import { CommandError, historyCommands, type HandlersOf } from '@shared/api';
import { asRunContinuer, HistoryService } from './history/history-service';
import type { ServiceOptions } from './service-options';
import type { TrainingService } from './training/training-service';

type HistoryCommand = keyof typeof historyCommands;

export function createHistoryHandlers(options: ServiceOptions, training: TrainingService | null): HandlersOf<HistoryCommand> {
  if (!options.history) return withoutDatabase();
  const service = new HistoryService({
    ...options.history,
    continuer: asRunContinuer(training),
    onChanged: (runIds) => options.emit('history:changed', { runIds }),
  });
  return {
    'history:list': (request) => service.list(request),
    'history:facets': () => service.facets(),
    'history:get': (request) => service.get(request),
    'history:update': (request) => service.update(request),
    'history:compare': (request) => service.compare(request),
    'history:delete': (request) => service.delete(request),
    'history:undoDelete': (request) => service.undoDelete(request),
    'history:export': (request) => service.export(request),
    'history:import': (request) => service.import(request),
    'history:exportModel': (request) => service.exportModel(request),
    'history:metricsCsv': (request) => service.metricsCsv(request),
    'history:restore': (request) => service.restore(request),
    'history:continue': (request) => service.continue(request),
  };
}

function withoutDatabase(): HandlersOf<HistoryCommand> {
  const notHere = (): never => {
    throw new CommandError('unavailable', 'History is not available here: this launch keeps its runs in memory only (the experiment database could not be opened; the log says why).');
  };
  const handlers = Object.fromEntries(Object.keys(historyCommands).map((name) => [name, notHere])) as unknown as HandlersOf<HistoryCommand>;
  return { ...handlers, 'history:list': () => ({ runs: [], total: 0 }), 'history:facets': () => ({ datasets: [], optimizers: [], tags: [] }) };
}
