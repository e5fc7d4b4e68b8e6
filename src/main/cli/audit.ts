// `keywarden audit verify --db FILE` (docs/cli.md, docs/usage-and-rotation.md): walks the audit hash chain.
import { Engine } from '../engine';
import { UsageError } from './usage';

export interface AuditVerifyOptions {
  db: string;
}

export function parseAuditVerify(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
): AuditVerifyOptions {
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new UsageError('audit takes one subcommand: verify');
  const db = values.db;
  if (typeof db !== 'string' || db === '') throw new UsageError('audit verify needs --db FILE');
  return { db };
}

/** Prints `ok N entries` and returns 0, or names the first bad entry and returns 1. */
export function runAuditVerify(
  o: AuditVerifyOptions,
  out: { stdout: (l: string) => void; stderr: (l: string) => void },
): number {
  // No background work: verifying must not prune or revoke anything on the way.
  const engine = Engine.open(o.db, { background: false });
  try {
    const v = engine.verifyAudit();
    if (v.ok) {
      out.stdout(`ok ${v.entries} entries`);
      return 0;
    }
    out.stderr(`keywarden: audit entry ${v.id} ${v.problem}; checked ${v.entries} entries`);
    return 1;
  } finally {
    engine.close();
  }
}
