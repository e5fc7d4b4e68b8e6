import { createOrgSchema, addMemberSchema, ENVIRONMENTS, type Environment } from '../../shared/domain';
import { Engine } from '../engine';
import { UsageError } from './usage';

export interface InitOptions {
  db: string;
  email: string;
  org: string;
  env: Environment;
}

export function parseInit(values: Record<string, string | boolean | undefined>): InitOptions {
  const db = values.db;
  const email = values.email;
  if (typeof db !== 'string' || db === '') throw new UsageError('init needs --db FILE');
  if (typeof email !== 'string') throw new UsageError('init needs --email EMAIL');
  if (!addMemberSchema.shape.email.safeParse(email).success) throw new UsageError('--email must be an email address');
  const org = typeof values.org === 'string' ? values.org : 'Default';
  if (!createOrgSchema.shape.name.safeParse(org).success) throw new UsageError('--org must be 1 to 200 characters');
  const env = typeof values.env === 'string' ? values.env : 'sandbox';
  if (!(ENVIRONMENTS as readonly string[]).includes(env)) throw new UsageError('--env must be sandbox or production');
  return { db, email: email.trim(), org: org.trim(), env: env as Environment };
}

/** The one place a key is printed: stdout of init, once (rule 6). */
export function runInit(o: InitOptions, stdout: (line: string) => void): void {
  const { engine, created } = Engine.create(o.db, o.env, { email: o.email, orgName: o.org });
  engine.close();
  stdout(
    JSON.stringify({
      userId: created.userId,
      orgId: created.orgId,
      orgUserId: created.orgUserId,
      apiKey: created.apiKey,
    }),
  );
}
