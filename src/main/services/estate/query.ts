// An estate row as the renderer receives it, one page at a time (filtering and sorting are
// searchIndex.ts's).
import { codesOfMask, findingBit } from '../../../shared/findings';
import type { EstateKeyState, EstateRowView } from '../../../shared/estate';
import { actionsOfMask } from '../../../shared/estateActions';
import type { Environment } from '../../../shared/domain';
import type { EstateRow } from './sources';

export interface Names {
  profile(id: number): { name: string; environment: Environment };
  org(profileId: number, orgId: number): string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const EXPIRED = findingBit('EXPIRED');
const IN_GRACE = findingBit('IN_GRACE');

/** The key's one-word state, from the findings judged at the last refresh (the engine's facts). */
export function stateOf(r: Pick<EstateRow, 'mask' | 'status'>): EstateKeyState {
  if (r.mask & EXPIRED) return 'expired';
  if (r.mask & IN_GRACE) return 'inGrace';
  return r.status;
}

export function toView(r: EstateRow, names: Names): EstateRowView {
  const p = names.profile(r.profileId);
  return {
    profileId: r.profileId,
    profileName: p.name,
    environment: p.environment,
    orgId: r.orgId,
    orgName: names.org(r.profileId, r.orgId),
    keyId: r.keyId,
    kind: r.kind,
    name: r.name,
    start: r.start,
    ownerEmail: r.ownerEmail,
    status: r.status,
    state: stateOf(r),
    expiresAt: iso(r.expiresAt),
    lastUsedAt: iso(r.lastUsedAt),
    createdAt: new Date(r.createdAt).toISOString(),
    findings: codesOfMask(r.mask),
    labels: r.labels ?? {},
    actions: actionsOfMask(r.acts),
    credential: r.credential,
  };
}
