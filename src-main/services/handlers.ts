/** The handler map: every command of the contract, implemented by the services. */
import type { EmitEvent, Handlers, HostKind } from '@shared/api';
import { DesignStore } from './designs';

export interface ServiceOptions {
  host: HostKind;
  dataDir: string;
  version: string;
  emit: EmitEvent;
}

export function createHandlers(options: ServiceOptions): Handlers {
  const designs = new DesignStore(options.dataDir);
  return {
    'app:info': () => ({
      name: 'Deepwire',
      version: options.version,
      host: options.host,
      dataDir: options.dataDir,
      platform: process.platform,
    }),
    'designs:list': async () => ({ designs: await designs.list() }),
    'designs:open': ({ name }) => designs.open(name),
    'designs:save': async ({ name, content, overwrite }) => {
      const saved = await designs.save(name, content, overwrite);
      options.emit('designs:changed', { names: [saved.name] });
      return saved;
    },
  };
}
