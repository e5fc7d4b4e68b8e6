// engine.keys: every key operation, one line each, over the files that hold them by concern —
// keyAccess.ts (who may see or manage a key), keyCreate.ts, keyQueries.ts (get, list, usage),
// keyUpdate.ts (PATCH, delete) and keyRoll.ts (roll, grace).
import type {
  CreateKeyInput,
  CreatedKey,
  ExtendGraceInput,
  KeyMeta,
  KeyUsage,
  ListKeysQuery,
  Page,
  RollKeyInput,
  UpdateKeyInput,
  UsageBatch,
  UsageBatchQuery,
  UsageQuery,
} from '../../shared/domain';
import type { Actor } from './actor';
import type { EngineCore } from './core';
import { KeyAccess } from './keyAccess';
import { KeyCreation } from './keyCreate';
import { KeyQueries } from './keyQueries';
import { KeyRolls } from './keyRoll';
import { KeyChanges } from './keyUpdate';
import type { NewKey } from './newKey';
import type { Policies } from './policy';
import type { KeyRow } from './rows';

export class Keys {
  private readonly access: KeyAccess;
  private readonly creation: KeyCreation;
  private readonly queries: KeyQueries;
  private readonly changes: KeyChanges;
  private readonly rolls: KeyRolls;

  constructor(core: EngineCore, policies: Policies) {
    this.access = new KeyAccess(core);
    this.creation = new KeyCreation(core, policies, this.access);
    this.queries = new KeyQueries(core, this.access);
    this.changes = new KeyChanges(core, policies, this.access);
    this.rolls = new KeyRolls(core, policies, this.access, this.creation);
  }

  meta(row: KeyRow): KeyMeta {
    return this.access.meta(row);
  }

  mint(k: NewKey, secret?: Uint8Array): CreatedKey {
    return this.creation.mint(k, secret);
  }

  create(actor: Actor, input: CreateKeyInput): CreatedKey {
    return this.creation.create(actor, input);
  }

  /** Many keys in one transaction: one audit entry per key, all or nothing. */
  createMany(actor: Actor, inputs: CreateKeyInput[]): CreatedKey[] {
    return this.creation.createMany(actor, inputs);
  }

  get(actor: Actor, id: number): KeyMeta {
    return this.queries.get(actor, id);
  }

  list(actor: Actor, q: ListKeysQuery): Page<KeyMeta> {
    return this.queries.list(actor, q);
  }

  usage(actor: Actor, id: number, q: UsageQuery): KeyUsage {
    return this.queries.usage(actor, id, q);
  }

  usageBatch(actor: Actor, q: UsageBatchQuery): UsageBatch {
    return this.queries.usageBatch(actor, q);
  }

  usageOf(actor: Actor, ids: number[], q: UsageQuery): UsageBatch {
    return this.queries.usageOf(actor, ids, q);
  }

  update(actor: Actor, id: number, patch: UpdateKeyInput): KeyMeta {
    return this.changes.update(actor, id, patch);
  }

  remove(actor: Actor, id: number): void {
    this.changes.remove(actor, id);
  }

  roll(actor: Actor, id: number, input: RollKeyInput): CreatedKey {
    return this.rolls.roll(actor, id, input);
  }

  extendGrace(actor: Actor, id: number, input: ExtendGraceInput): KeyMeta {
    return this.rolls.extendGrace(actor, id, input);
  }
}
