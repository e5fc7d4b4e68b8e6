import { Engine } from '../engine';
import { createCoreServer } from '../server';
import { UsageError } from './usage';

export interface ServeOptions {
  db: string;
  host: string;
  port: number;
  auditRetentionDays: number;
}

export function parseServe(values: Record<string, string | boolean | undefined>): ServeOptions {
  const db = values.db;
  if (typeof db !== 'string' || db === '') throw new UsageError('serve needs --db FILE');
  const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
  const portText = typeof values.port === 'string' ? values.port : '8787';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new UsageError('--port must be an integer from 0 to 65535');
  const daysText = typeof values['audit-retention-days'] === 'string' ? values['audit-retention-days'] : '90';
  if (!/^\d{1,5}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 36500)
    throw new UsageError('--audit-retention-days must be an integer from 1 to 36500');
  return { db, host, port: Number(portText), auditRetentionDays: Number(daysText) };
}

/** Every catchable way an operator or a supervisor stops the server (docs/cli.md). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Serves until SIGINT, SIGTERM or SIGHUP, then closes the server, flushes pending writes
 * and the database. A second signal during that shutdown (an impatient Ctrl-C, a
 * supervisor's follow-up) stops waiting for open connections but still writes the
 * batched audit entries and lastUsedAt first: the default action would lose them.
 */
export async function runServe(
  o: ServeOptions,
  out: { stdout: (l: string) => void; stderr: (l: string) => void },
): Promise<number> {
  let engine: Engine | undefined;
  let first: NodeJS.Signals | undefined;
  let onFirst: (s: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => (onFirst = resolve));
  const onSignal = (sig: NodeJS.Signals) => {
    if (first === undefined) {
      first = sig;
      // What is batched so far is written now, not after the connections have drained.
      engine?.flush();
      onFirst(sig);
      return;
    }
    out.stderr(`keywarden: ${sig} during shutdown: exiting now`);
    engine?.close();
    process.exit(0);
  };
  // Listen for the signals first: a supervisor may send one the moment it reads our address.
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    engine = Engine.open(o.db, { exclusive: true, auditRetentionDays: o.auditRetentionDays });
    const core = createCoreServer(engine, { log: out.stderr });
    try {
      const { url } = await core.listen(o.port, o.host);
      out.stdout(`listening on ${url}`);
    } catch (e) {
      engine.close();
      throw e;
    }
    out.stderr(`keywarden: ${await stopped}: closing`);
    await core.close();
    engine.close();
    return 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}
