// Where the estate reads one profile from: a local database directly (one statement for
// every org's counts, one for the whole inventory), or a remote Core server through its
// RemoteBackend (per org: counts from the first findings page, then keys, findings and
// members page by page). Both hand back the same compact rows.
import { readAll, type Backend } from '../../backend/types';
import { LocalBackend } from '../../backend/local';
import type { Engine } from '../../engine';
import { FINDING_CODES, type FindingCounts, type FindingThresholds } from '../../../shared/findings';
import type { KeyMeta, Me, Org } from '../../../shared/domain';
import { actingIn, actionMask, type Acting } from '../../../shared/estateActions';

export interface OrgCounts {
  orgId: number;
  name: string;
  counts: FindingCounts;
}

/** One key as the estate keeps it: small, with times as epoch ms and findings as a bitmask. */
export interface EstateRow {
  profileId: number;
  orgId: number;
  keyId: number;
  kind: 'user' | 'org';
  name: string;
  start: string;
  ownerEmail: string | null;
  userId: number | null;
  status: 'enabled' | 'disabled';
  expiresAt: number | null;
  lastUsedAt: number | null;
  createdAt: number;
  mask: number;
  /** Rolled (in grace, or grace over): "still in use" notifications look at these. */
  rolled: boolean;
  labels: Record<string, string> | null;
  /** The bulk actions the profile's credential may take on it, a mask (shared/estateActions.ts). */
  acts: number;
  /** The key the profile itself signs in with: changing it locks the profile out. */
  credential: boolean;
}

export interface EstateSource {
  /** The profile's backend, for bulk work and offboarding. */
  readonly backend: Backend;
  counts(t: Partial<FindingThresholds>): Promise<OrgCounts[]>;
  rows(profileId: number, t: Partial<FindingThresholds>): Promise<EstateRow[]>;
  close(): Promise<void>;
}

/** A local profile acts as its database's owner, a super admin. */
const OWNER: Acting = { isSuperAdmin: true, power: 'admin', orgUserId: null, allowUserKeys: true };

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function parseLabels(text: string | null): Record<string, string> | null {
  if (!text) return null;
  try {
    const o = JSON.parse(text) as Record<string, string>;
    return Object.keys(o).length ? o : null;
  } catch {
    return null;
  }
}

export class LocalSource implements EstateSource {
  readonly backend: Backend;

  constructor(private readonly engine: Engine) {
    this.backend = new LocalBackend(engine);
  }

  async counts(t: Partial<FindingThresholds>): Promise<OrgCounts[]> {
    const owner = this.engine.owner();
    const orgs = await readAll(async (cursor) => this.engine.directory.listOrgs(owner, { cursor, limit: 1000 }));
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    return this.engine.findings
      .countsByOrg(owner, t)
      .map((o) => ({ orgId: o.orgId, name: names.get(o.orgId) ?? `org ${o.orgId}`, counts: o.counts }));
  }

  async rows(profileId: number, t: Partial<FindingThresholds>): Promise<EstateRow[]> {
    return this.engine.findings.inventory(this.engine.owner(), t).map((r) => ({
      profileId,
      orgId: r.org_id,
      keyId: r.id,
      kind: r.kind,
      name: r.name,
      start: r.start,
      ownerEmail: r.email,
      userId: r.user_id,
      status: r.status,
      expiresAt: r.expires_at,
      lastUsedAt: r.last_used_at,
      createdAt: r.created_at,
      mask: r.mask,
      rolled: r.rolled_to !== null,
      labels: parseLabels(r.labels),
      // A local profile acts as its owner, a super admin: only a rolled key is limited (to delete).
      acts: actionMask(OWNER, {
        kind: r.kind,
        orgUserId: r.membership_id,
        canImpersonate: false,
        rolled: r.rolled_to !== null,
        ownerIsSuperAdmin: false,
      }),
      credential: false,
    }));
  }

  async close(): Promise<void> {
    await this.backend.close();
  }
}

const PAGE = 1000;

export class RemoteSource implements EstateSource {
  constructor(readonly backend: Backend) {}

  private orgs() {
    return readAll((cursor) => this.backend.listOrgs({ cursor, limit: PAGE }));
  }

  async counts(t: Partial<FindingThresholds>): Promise<OrgCounts[]> {
    const orgs = await this.orgs();
    // Counts come with every findings page; one item is the least we can ask for.
    return Promise.all(
      orgs.map(async (o) => ({
        orgId: o.id,
        name: o.name,
        counts: (await this.backend.keyFindings({ orgId: o.id, limit: 1, ...t })).counts,
      })),
    );
  }

  async rows(profileId: number, t: Partial<FindingThresholds>): Promise<EstateRow[]> {
    // Who the credential is decides what it may do to each key (and names a member's own keys).
    const [orgs, me] = await Promise.all([this.orgs(), this.backend.whoami()]);
    const perOrg = await Promise.all(orgs.map((o) => this.orgRows(profileId, o, me, t)));
    return perOrg.flat();
  }

  private async orgRows(profileId: number, org: Org, me: Me, t: Partial<FindingThresholds>): Promise<EstateRow[]> {
    const orgId = org.id;
    const [keys, findings, members] = await Promise.all([
      readAll((cursor) => this.backend.listKeys({ orgId, cursor, limit: PAGE })),
      readAll(async (cursor) => {
        const page = await this.backend.keyFindings({ orgId, cursor, limit: PAGE, ...t });
        return { items: page.items, nextCursor: page.nextCursor };
      }),
      // A member's credential may not list members: the keys then show no owner email.
      readAll((cursor) => this.backend.listMembers(orgId, { cursor, limit: PAGE })).catch(() => []),
    ]);
    const masks = new Map<number, number>();
    for (const f of findings)
      masks.set(
        f.key.id,
        f.findings.reduce((m, c) => m | (1 << FINDING_CODES.indexOf(c)), 0),
      );
    const emails = new Map(members.map((m) => [m.userId, m.user.email]));
    const superAdmins = new Set(members.filter((m) => m.user.isSuperAdmin).map((m) => m.userId));
    if (me.id !== null && me.email !== null) emails.set(me.id, me.email);
    const acting = actingIn(me, org);
    return keys.map((k: KeyMeta) => ({
      profileId,
      orgId,
      keyId: k.id,
      kind: k.kind,
      name: k.name,
      start: k.start,
      ownerEmail: k.userId === null ? null : (emails.get(k.userId) ?? null),
      userId: k.userId,
      status: k.status,
      expiresAt: ms(k.expiresAt),
      lastUsedAt: ms(k.lastUsedAt),
      createdAt: Date.parse(k.createdAt),
      mask: masks.get(k.id) ?? 0,
      rolled: k.rolledTo !== null,
      labels: k.labels && Object.keys(k.labels).length ? k.labels : null,
      acts: actionMask(acting, {
        kind: k.kind,
        orgUserId: k.orgUserId,
        canImpersonate: k.canImpersonate,
        rolled: k.rolledTo !== null,
        ownerIsSuperAdmin: k.userId !== null && superAdmins.has(k.userId),
      }),
      credential: me.key?.id === k.id,
    }));
  }

  async close(): Promise<void> {
    await this.backend.close();
  }
}
