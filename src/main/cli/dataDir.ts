// Where the desktop app keeps its data on each OS: Electron's userData for the app name
// "keywarden", plus "data" (src/main/index.ts). The CLI must land on the very same files.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KEYWARDEN_DATA_DIR) return env.KEYWARDEN_DATA_DIR;
  const home = os.homedir();
  let userData: string;
  if (platform === 'darwin') userData = path.join(home, 'Library', 'Application Support', 'keywarden');
  else if (platform === 'win32')
    userData = path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'keywarden');
  else userData = path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'keywarden');
  return path.join(userData, 'data');
}

export const APP_DB = 'keywarden-app.db';
