// The one seam between the desktop services and where keys live: the local engine or a
// remote Core server. Everything is async so both implementations fit; every failure is
// a KeywardenError with an error code (docs/rules.md) (remote transport failures add their own codes).
import type {
  AddMemberInput,
  AuditEvent,
  CreateKeyInput,
  CreateOrgInput,
  CreatedKey,
  Environment,
  KeyCheck,
  KeyMeta,
  ListAuditQuery,
  ListKeysQuery,
  Me,
  Membership,
  Org,
  Page,
  PageQuery,
  Policy,
  PolicyPreview,
  RollKeyInput,
  UpdateKeyInput,
  UpdateMemberInput,
  UpdateOrgInput,
  UpdateUserInput,
  UsageBatch,
  UsageBatchQuery,
  UsageQuery,
  KeyUsage,
  User,
} from '../../shared/domain';
import type { KeyFindings, KeyFindingsQuery } from '../../shared/findings';

export interface Backend {
  readonly kind: 'local' | 'remote';
  readonly environment: Environment;

  whoami(): Promise<Me>;

  listOrgs(q?: PageQuery): Promise<Page<Org>>;
  createOrg(input: CreateOrgInput): Promise<Org>;
  updateOrg(orgId: number, patch: UpdateOrgInput): Promise<Org>;
  getPolicy(orgId: number): Promise<Policy>;
  putPolicy(orgId: number, policy: Policy): Promise<Policy>;
  /** How many existing keys would break `policy`; a dry run. */
  previewPolicy(orgId: number, policy: Policy): Promise<PolicyPreview>;

  listMembers(orgId: number, q?: PageQuery): Promise<Page<Membership>>;
  getMembership(orgId: number, userId: number): Promise<Membership>;
  addMember(orgId: number, input: AddMemberInput): Promise<Membership>;
  updateMember(orgId: number, userId: number, patch: UpdateMemberInput): Promise<Membership>;
  removeMember(orgId: number, userId: number): Promise<void>;
  updateUser(userId: number, patch: UpdateUserInput): Promise<User>;

  listKeys(q: ListKeysQuery): Promise<Page<KeyMeta>>;
  getKey(id: number): Promise<KeyMeta>;
  createKey(input: CreateKeyInput): Promise<CreatedKey>;
  updateKey(id: number, patch: UpdateKeyInput): Promise<KeyMeta>;
  deleteKey(id: number): Promise<void>;
  rollKey(id: number, input: RollKeyInput): Promise<CreatedKey>;

  listAudit(q: ListAuditQuery): Promise<Page<AuditEvent>>;

  /** docs/estate.md: an org's finding counts and its keys with findings (a member: their own keys). */
  keyFindings(q: KeyFindingsQuery): Promise<KeyFindings>;
  keyUsage(id: number, q: UsageQuery): Promise<KeyUsage>;
  keysUsage(q: UsageBatchQuery): Promise<UsageBatch>;

  /** Validity of a pasted key and why, revealing nothing else about it. */
  checkKey(raw: string): Promise<KeyCheck>;

  close(): Promise<void>;
}

/** Reads every page of a paged list; the UI keeps whole lists (virtualised) in memory. */
export async function readAll<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
