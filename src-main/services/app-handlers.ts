/** The app domain's commands: what these services are and where they keep their data. */
import type { HandlersOf, appCommands } from '@shared/api';
import type { ServiceOptions } from './service-options';

export function createAppHandlers(options: ServiceOptions): HandlersOf<keyof typeof appCommands> {
  return {
    'app:info': () => ({
      name: 'Deepwire',
      version: options.version,
      host: options.host,
      dataDir: options.dataDir,
      platform: process.platform,
    }),
  };
}
