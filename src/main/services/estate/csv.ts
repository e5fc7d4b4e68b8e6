// The estate inventory as CSV: metadata only (never a key), and formula-safe: a cell that
// a spreadsheet would run as a formula (= + - @, tab, carriage return) is prefixed with '.
import type { EstateRowView } from '../../../shared/estate';
import { labelsText } from '../../../shared/labels';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'profile',
  'environment',
  'org',
  'keyId',
  'kind',
  'name',
  'start',
  'owner',
  'status',
  'findings',
  'lastUsedAt',
  'expiresAt',
  'createdAt',
  'labels',
] as const;

export function csvLine(r: EstateRowView): string {
  // Written as the label filter reads them (key:value), one line per key's labels.
  const labels = labelsText(r.labels);
  return [
    r.profileName,
    r.environment,
    r.orgName,
    r.keyId,
    r.kind,
    r.name,
    r.start,
    r.ownerEmail,
    r.status,
    r.findings.join(' '),
    r.lastUsedAt,
    r.expiresAt,
    r.createdAt,
    labels,
  ]
    .map(csvCell)
    .join(',');
}

export const csvHeader = (): string => CSV_COLUMNS.join(',');
