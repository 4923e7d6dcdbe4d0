/** Wires the services to the web host: what `npm run web` and the e2e suite start. */
import { createDispatcher } from '@shared/api';
import { createHandlers, type ServiceOptions } from '../services/handlers';
import { appVersion } from '../version';
import type { SendBufferBounds } from './socket-outbox';
import { startWebHost, type WebHost } from './web-host';

export interface WebAppOptions {
  dataDir: string;
  staticDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
  sendBuffer?: Partial<SendBufferBounds>;
  /** Starts the training service (see ServiceOptions.training); web.ts passes it. */
  training?: ServiceOptions['training'];
  /** The experiment database for the History commands (see ServiceOptions.history); web.ts passes it. */
  history?: ServiceOptions['history'];
  /** Told the search service once started, for dispose() on shutdown (see ServiceOptions.onSearchService). */
  onSearchService?: ServiceOptions['onSearchService'];
}

export async function startWebApp(options: WebAppOptions): Promise<WebHost> {
  let host: WebHost | null = null;
  const handlers = createHandlers({
    host: 'web',
    dataDir: options.dataDir,
    version: appVersion,
    emit: (event, payload) => host?.broadcast(event, payload),
    ...(options.training && { training: options.training }),
    ...(options.history && { history: options.history }),
    ...(options.onSearchService && { onSearchService: options.onSearchService }),
    ...(options.log && { log: options.log }),
  });
  const dispatch = createDispatcher(handlers, {
    onInternalError: (channel, error) => options.log?.(`internal error in ${channel}: ${String(error)}`),
  });
  host = await startWebHost({
    dispatch,
    staticDir: options.staticDir,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.token !== undefined && { token: options.token }),
    ...(options.log && { log: options.log }),
    ...(options.sendBuffer && { sendBuffer: options.sendBuffer }),
  });
  return host;
}
