/** The designs domain's commands, backed by the design store; a save tells every window. */
import type { HandlersOf, designsCommands } from '@shared/api';
import { DesignStore } from './designs';
import type { ServiceOptions } from './service-options';

export function createDesignsHandlers(options: ServiceOptions): HandlersOf<keyof typeof designsCommands> {
  const designs = new DesignStore(options.dataDir);
  return {
    'designs:list': async () => ({ designs: await designs.list() }),
    'designs:open': ({ name }) => designs.open(name),
    'designs:save': async ({ name, content, overwrite }) => {
      const saved = await designs.save(name, content, overwrite);
      options.emit('designs:changed', { names: [saved.name] });
      return saved;
    },
  };
}
