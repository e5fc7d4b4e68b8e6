import { Engine } from '../engine';
import { createCoreServer } from '../server';
import { UsageError } from './usage';

export interface ServeOptions {
  db: string;
  host: string;
  port: number;
}

export function parseServe(values: Record<string, string | boolean | undefined>): ServeOptions {
  const db = values.db;
  if (typeof db !== 'string' || db === '') throw new UsageError('serve needs --db FILE');
  const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
  const portText = typeof values.port === 'string' ? values.port : '8787';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new UsageError('--port must be an integer from 0 to 65535');
  return { db, host, port: Number(portText) };
}

/** Serves until SIGINT or SIGTERM, then closes the server, flushes pending writes and the database. */
export async function runServe(
  o: ServeOptions,
  out: { stdout: (l: string) => void; stderr: (l: string) => void },
): Promise<number> {
  // Listen for the signals first: a supervisor may send one the moment it reads our address.
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const engine = Engine.open(o.db, { exclusive: true });
  const core = createCoreServer(engine, { log: out.stderr });
  try {
    const { url } = await core.listen(o.port, o.host);
    out.stdout(`listening on ${url}`);
  } catch (e) {
    engine.close();
    throw e;
  }
  out.stderr(`keywarden: ${await signal}: closing`);
  await core.close();
  engine.close();
  return 0;
}
