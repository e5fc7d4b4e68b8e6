// (e) The estate's Overview (docs/estate.md): 5 local profiles x 20,000 keys plus one remote
// profile (a real Core server in its own process) x 20,000 keys. Measured: the time from
// "open Overview" to every count, cold (a new estate service: databases opened, the server
// asked) and warm (the cached estate), against a baseline run in the same process: the
// same findings SQL (findings.ts's statement) run directly on the six database files.
// Also the main process's heap for the estate once its whole inventory (120,000 rows) is
// loaded, and a filter keystroke on the estate table (search over all rows, first page).
import { spawn } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Database from 'better-sqlite3';
import { RemoteBackend } from '../src/main/backend/remote';
import { Engine } from '../src/main/engine';
import { COUNTS_BY_ORG_SQL, flagParams } from '../src/main/engine/findings';
import type { StoredProfile } from '../src/main/services/appStore';
import { EstateService } from '../src/main/services/estate/service';
import { LocalSource, RemoteSource } from '../src/main/services/estate/sources';
import type { CreateKeyInput, Environment } from '../src/shared/domain';
import { fmt, median, tempDir } from './util';

const LOCAL_PROFILES = 5;
const KEYS = 20_000;
const ROUNDS = 5;
const DAY = 24 * 3600 * 1000;

export interface EstateBenchResult {
  baselineMs: number;
  coldMs: number;
  warmMs: number;
  coldRatio: number;
  heapMb: number;
  rowsLoadMs: number;
  indexMs: number;
  keystrokeMs: number;
  rows: number;
}

/** A database of `KEYS` keys over two orgs and 20 members, with a spread of findings. */
function seed(file: string, environment: Environment): void {
  const { engine, created } = Engine.create(file, environment, { email: 'bench@example.com', orgName: 'Bench A' });
  const owner = engine.owner();
  const orgB = engine.directory.createOrg(owner, { name: 'Bench B' }).id;
  const members = Array.from(
    { length: 20 },
    (_, i) =>
      engine.directory.addMember(owner, i % 2 ? orgB : created.orgId, {
        email: `member${i}@example.com`,
        firstName: 'M',
        lastName: String(i),
      }).id,
  );
  const now = Date.now();
  const inputs: CreateKeyInput[] = Array.from({ length: KEYS }, (_, i) => {
    const expiresAt =
      i % 5 === 0
        ? new Date(now + 3 * DAY).toISOString()
        : i % 5 === 1
          ? new Date(now + 60 * DAY).toISOString()
          : undefined;
    if (i % 100 === 0) return { orgId: i % 200 ? orgB : created.orgId, kind: 'org', name: `site ${i}`, expiresAt };
    return { orgUserId: members[i % 20], name: `key ${i}`, expiresAt, canImpersonate: i % 50 === 1 };
  });
  engine.keys.createMany(owner, inputs);
  engine.close();
}

/** The baseline: open each file and run the findings counts statement, nothing else. */
function baseline(files: { file: string; environment: Environment }[]): number {
  const t = performance.now();
  let total = 0;
  for (const f of files) {
    const db = new Database(f.file, { readonly: true });
    const rows = db.prepare(COUNTS_BY_ORG_SQL).all(flagParams(Date.now(), f.environment === 'production')) as {
      EXPIRING_SOON: number;
    }[];
    total += rows.reduce((n, r) => n + r.EXPIRING_SOON, 0);
    db.close();
  }
  if (total === 0) throw new Error('bench: the baseline counted nothing');
  return performance.now() - t;
}

function startServer(file: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serverChild.ts'), 'core', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (b: Buffer) =>
      resolve({
        url: b.toString().trim(),
        stop: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      }),
    );
  });
}

const gc = (): void => {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
};

export async function benchEstate(): Promise<EstateBenchResult> {
  const dir = tempDir();
  const files = Array.from({ length: LOCAL_PROFILES + 1 }, (_, i) => ({
    file: path.join(dir, `p${i}.db`),
    environment: (i % 3 === 2 ? 'production' : 'sandbox') as Environment,
  }));
  files[LOCAL_PROFILES].environment = 'sandbox';
  for (const f of files) seed(f.file, f.environment);
  const remoteFile = files[LOCAL_PROFILES].file;
  // The remote profile's credential: a key of its owner, minted before the server holds the file.
  const ownerKey = (() => {
    const e = Engine.open(remoteFile);
    const me = e.owner();
    const orgId = e.directory.listOrgs(me).items[0].id;
    const m = e.directory.listMembers(me, orgId).items.find((x) => x.user.email === 'bench@example.com')!;
    const k = e.keys.create(me, { orgUserId: m.id, name: 'estate credential', scopes: ['rest'] }).apiKey;
    e.close();
    return k;
  })();

  // Baseline first, while no server holds the remote file exclusively.
  baseline(files);
  const baselines: number[] = [];
  for (let r = 0; r < ROUNDS; r++) baselines.push(baseline(files));

  const server = await startServer(remoteFile);
  const profiles: StoredProfile[] = files.map((f, i) => ({
    id: i + 1,
    name: `Profile ${i + 1}`,
    environment: f.environment,
    backend: i === LOCAL_PROFILES ? 'remote' : 'local',
    url: i === LOCAL_PROFILES ? server.url : null,
    hasCredential: i === LOCAL_PROFILES,
    createdAt: new Date().toISOString(),
    dbFile: i === LOCAL_PROFILES ? null : f.file,
  }));
  const service = () =>
    new EstateService({
      listProfiles: () => profiles,
      openSource: async (p) =>
        p.backend === 'local'
          ? new LocalSource(Engine.open(p.dbFile!))
          : new RemoteSource(new RemoteBackend({ url: p.url!, environment: p.environment }, ownerKey)),
    });

  try {
    const colds: number[] = [];
    const warms: number[] = [];
    for (let r = 0; r < ROUNDS + 1; r++) {
      const s = service();
      const t = performance.now();
      const o = await s.overview();
      const cold = performance.now() - t;
      if (o.profiles.some((p) => p.status !== 'ok')) throw new Error(`bench: ${JSON.stringify(o.profiles)}`);
      const t2 = performance.now();
      await s.overview();
      const warm = performance.now() - t2;
      // The first round warms the server and the page cache; it is not counted.
      if (r > 0) {
        colds.push(cold);
        warms.push(warm);
      }
      await s.close();
    }

    gc();
    const before = process.memoryUsage().heapUsed;
    const s = service();
    await s.overview();
    const tRows = performance.now();
    const rows = (await s.rows()).length;
    const rowsLoadMs = performance.now() - tRows;
    // The table's first page builds the search index; the heap counts it too.
    const tIndex = performance.now();
    await s.query({ limit: 100 });
    const indexMs = performance.now() - tIndex;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    const strokes: number[] = [];
    for (const q of ['k', 'ke', 'key', 'key 1', 'key 12', 'key 123']) {
      const t = performance.now();
      await s.query({ filter: { q }, limit: 100 });
      strokes.push(performance.now() - t);
    }
    await s.close();

    const baselineMs = median(baselines);
    const coldMs = median(colds);
    return {
      baselineMs,
      coldMs,
      warmMs: median(warms),
      coldRatio: coldMs / baselineMs,
      heapMb,
      rowsLoadMs,
      indexMs,
      keystrokeMs: median(strokes),
      rows,
    };
  } finally {
    await server.stop();
  }
}

export function describeEstate(r: EstateBenchResult): string[] {
  return [
    `  baseline: findings SQL on the 6 database files        ${fmt(r.baselineMs, 1)} ms (median of ${ROUNDS})`,
    `  open Overview, cold (new estate, 5 local + 1 remote)  ${fmt(r.coldMs, 1)} ms`,
    `  open Overview, warm (cached)                          ${fmt(r.warmMs, 2)} ms`,
    `  whole inventory (${fmt(r.rows)} rows) read after it     ${fmt(r.rowsLoadMs, 0)} ms`,
    `  its search index built (the table's first page)       ${fmt(r.indexMs, 0)} ms`,
    `  estate table filter keystroke over all rows           ${fmt(r.keystrokeMs, 1)} ms (median)`,
    `  main-process heap for the estate, inventory + index   ${fmt(r.heapMb, 1)} MB`,
  ];
}
