// One suite, two backends (docs/architecture.md, issue item 3): the local engine in-process, and a
// RemoteBackend talking HTTP to a real `keywarden serve` on 127.0.0.1. Same assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalBackend } from '../../../src/main/backend/local';
import { RemoteBackend } from '../../../src/main/backend/remote';
import type { Backend } from '../../../src/main/backend/types';
import { Engine } from '../../../src/main/engine';
import { describeBackendConformance } from './support/conformance';
import { FIRST_ORG, OWNER_EMAIL, serverMode, startCoreServer } from './support/coreServer';

describeBackendConformance('LocalBackend (engine over a SQLite file)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-conformance-'));
  const { engine } = Engine.create(path.join(dir, 'local.db'), 'sandbox', { email: OWNER_EMAIL, orgName: FIRST_ORG });
  const superAdmin = new LocalBackend(engine);
  return {
    superAdmin,
    ownerEmail: OWNER_EMAIL,
    as: (raw) => LocalBackend.as(engine, raw),
    async close() {
      await superAdmin.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeBackendConformance(
  `RemoteBackend over HTTP to a real Core server (${serverMode() === 'cli' ? 'keywarden serve child process' : 'server module in-process'})`,
  async () => {
    const server = await startCoreServer();
    const profile = { url: server.url, environment: 'sandbox' as const };
    const opened: Backend[] = [];
    const open = (raw: string) => {
      const b = new RemoteBackend(profile, raw);
      opened.push(b);
      return b;
    };
    return {
      superAdmin: open(server.ownerKey),
      ownerEmail: OWNER_EMAIL,
      as: open,
      async close() {
        for (const b of opened) await b.close();
        await server.stop();
      },
    };
  },
);
