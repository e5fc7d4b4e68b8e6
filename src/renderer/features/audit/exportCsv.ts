// Builds the CSV in the renderer from every event matching the filters (not only the
// loaded page) and hands it to the browser as a download.
import type { AuditEvent, Labels } from '../../../shared/domain';
import { toCsv, type CsvColumn } from '../../lib/csv';
import { downloadText } from '../../lib/download';
import { labelsCell } from '../../lib/labelText';
import { useAudit } from '../../stores/audit';
import { notify, notifyError } from '../../stores/toasts';

export interface AuditLookups {
  emailOf: (userId: number) => string | undefined;
  orgNameOf: (orgId: number) => string | undefined;
  /** docs/policies-and-labels.md: every CSV export carries labels; here those of the key the entry is about, when known. */
  labelsOf?: (keyId: number) => Labels | undefined;
}

export function auditColumns(l: AuditLookups): CsvColumn<AuditEvent>[] {
  return [
    { header: 'id', value: (e) => e.id },
    { header: 'at', value: (e) => e.at },
    { header: 'orgId', value: (e) => e.orgId },
    { header: 'org', value: (e) => (e.orgId === null ? '' : (l.orgNameOf(e.orgId) ?? '')) },
    { header: 'action', value: (e) => e.action },
    { header: 'outcome', value: (e) => e.outcome },
    { header: 'code', value: (e) => e.code },
    { header: 'actorUserId', value: (e) => e.actorUserId },
    { header: 'actorEmail', value: (e) => (e.actorUserId === null ? '' : (l.emailOf(e.actorUserId) ?? '')) },
    { header: 'impersonatorUserId', value: (e) => e.impersonatorUserId },
    { header: 'keyId', value: (e) => e.keyId },
    { header: 'keyStart', value: (e) => e.keyStart },
    { header: 'targetType', value: (e) => e.targetType },
    { header: 'targetId', value: (e) => e.targetId },
    {
      header: 'keyLabels',
      value: (e) => {
        const keyId = e.targetType === 'apiKey' && e.targetId !== null ? e.targetId : e.keyId;
        const labels = keyId === null ? undefined : l.labelsOf?.(keyId);
        return labels ? labelsCell(labels) : '';
      },
    },
  ];
}

export async function exportAuditCsv(
  orgId: number | null,
  lookups: AuditLookups,
  onProgress: (n: number) => void,
): Promise<void> {
  try {
    const events = await useAudit.getState().fetchAll(orgId, onProgress);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    downloadText(`keywarden-audit-${stamp}.csv`, toCsv(events, auditColumns(lookups)));
    notify(`Exported ${events.length.toLocaleString()} audit events.`);
  } catch (e) {
    notifyError(e);
  }
}
