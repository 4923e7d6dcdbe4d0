/** The app domain: what the services are and where they run, log lines, and the desktop menu. */
import { z } from 'zod';
import { command, emptyRequest } from './define';

export const HostKind = z.enum(['electron', 'web']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCommands = {
  'app:info': command(emptyRequest, AppInfo),
} as const;

export const appEvents = {
  'app:log': z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) }),
  /** A document command chosen from the desktop app's menu (or its accelerator); the renderer acts on it. */
  'app:menu': z.object({ action: z.enum(['new', 'open', 'save', 'saveAs', 'undo', 'redo']) }),
} as const;
