import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is not N-API, so Electron needs its own build of it. scripts/start.mjs
 * builds one into .electron-native/ (leaving node_modules built for Node, which the tests
 * and the CLI use) and we point better-sqlite3 at it with its nativeBinding option.
 */
export function electronSqliteBinding(appPath: string): string | undefined {
  const candidates = [
    process.env.KEYWARDEN_SQLITE_BINDING,
    path.join(appPath, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
  ];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}
