import { PAGE_DEFAULT, PAGE_MAX, type Page } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';

// Cursors are opaque to clients; inside they are the last id of the previous page.
export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^c:\d{1,15}$/.test(text)) throw new KeywardenError('BAD_REQUEST', 'cursor is not one this server issued');
  return Number(text.slice(2));
}

const encodeCursor = (id: number): string => Buffer.from(`c:${id}`, 'utf8').toString('base64url');

/** Rows were fetched with limit + 1 so that the extra row tells whether there is more. */
export function toPage<R extends { id: number }, T>(rows: R[], limit: number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextCursor: more ? encodeCursor(kept[kept.length - 1].id) : null };
}

/** The page size; checked here too because a limit of 0 would otherwise crash toPage. */
export function limitOf(limit: number | undefined): number {
  if (limit === undefined) return PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
    throw new KeywardenError('BAD_REQUEST', `limit must be an integer from 1 to ${PAGE_MAX}`);
  return limit;
}
