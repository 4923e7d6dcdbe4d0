import type { EmitEvent, HostKind } from '@shared/api';

/** What every domain's handler factory is given by the host that starts the services. */
export interface ServiceOptions {
  host: HostKind;
  dataDir: string;
  version: string;
  emit: EmitEvent;
}
