// Where the estate reads one profile from: a local database directly (one statement for
// every org's counts, one for the whole inventory), or a remote Core server through its
// RemoteBackend (per org: counts from the first findings page, then keys, findings and
// members page by page). Both hand back the same compact rows.
import { readAll, type Backend } from '../../backend/types';
import { LocalBackend } from '../../backend/local';
import type { Engine } from '../../engine';
import { FINDING_CODES, type FindingCounts, type FindingThresholds } from '../../../shared/findings';
import type { KeyMeta } from '../../../shared/domain';

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
}

export interface EstateSource {
  /** The profile's backend, for bulk work and offboarding. */
  readonly backend: Backend;
  counts(t: Partial<FindingThresholds>): Promise<OrgCounts[]>;
  rows(profileId: number, t: Partial<FindingThresholds>): Promise<EstateRow[]>;
  close(): Promise<void>;
}

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
    const orgs = await this.orgs();
    const perOrg = await Promise.all(orgs.map((o) => this.orgRows(profileId, o.id, t)));
    return perOrg.flat();
  }

  private async orgRows(profileId: number, orgId: number, t: Partial<FindingThresholds>): Promise<EstateRow[]> {
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
    }));
  }

  async close(): Promise<void> {
    await this.backend.close();
  }
}
