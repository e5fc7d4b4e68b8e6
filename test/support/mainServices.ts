// Real main-process services on a fresh temp data dir, as the Electron shell builds them,
// with an in-memory clipboard (the OS clipboard is Electron's, not ours).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeytarStore } from '../../src/main/secrets/keytarStore';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../src/main/app';
import type { Envelope } from '../../src/shared/ipc/contract';
import { usePrivateKeyring } from '../integration/keychain/privateKeyring';

export class MemoryClipboard {
  text = '';
  readText() {
    return this.text;
  }
  writeText(t: string) {
    this.text = t;
  }
}

export interface TestApp {
  services: MainServices;
  dataDir: string;
  clipboard: MemoryClipboard;
  /** Calls an operation and returns its value, failing the test on an error envelope. */
  call<T = any>(op: string, payload?: unknown): Promise<T>;
  /** Calls an operation expected to fail and returns its error. */
  fail(op: string, payload?: unknown): Promise<{ code: string; message: string }>;
  close(): Promise<void>;
}

export async function startTestApp(opts: Partial<MainServicesOptions> = {}): Promise<TestApp> {
  // Never let a test reach a person's own keyring, even when run with plain `npx vitest`.
  await usePrivateKeyring();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-app-'));
  const clipboard = new MemoryClipboard();
  const services = await createMainServices({ dataDir, secretStore: createKeytarStore(), clipboard, ...opts });
  const call = async (op: string, payload?: unknown) => {
    const r = (await services.dispatch(op, payload)) as Envelope<any>;
    if (!r.ok) throw new Error(`${op} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const fail = async (op: string, payload?: unknown) => {
    const r = (await services.dispatch(op, payload)) as Envelope<any>;
    if (r.ok) throw new Error(`${op} unexpectedly succeeded`);
    return r.error;
  };
  return {
    services,
    dataDir,
    clipboard,
    call,
    fail,
    async close() {
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every key of an org, revoked ones included, read page by page. */
export async function allKeys(app: TestApp, orgId: number): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await app.call('listKeys', { orgId, includeRevoked: true, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Every file under a directory, concatenated, for scanning for secrets. */
export function allBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(out);
}
