import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Deepwire keeps designs and experiments when no folder is given: the same place Electron's
 * `app.getPath('userData')` would choose, so the desktop app and the web host share one library.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DEEPWIRE_DATA) return env.DEEPWIRE_DATA;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Deepwire');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Deepwire');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Deepwire');
}
