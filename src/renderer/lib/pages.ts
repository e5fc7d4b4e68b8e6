import type { Page } from '../../shared/domain';

/**
 * Follows nextCursor until the list ends, yielding each page's items as it arrives so the
 * caller can show them at once, and can stop early (break) without fetching the rest.
 * `index` is 0 for the first page.
 */
export async function* pages<T>(
  fetchPage: (after: { cursor?: string }, index: number) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  let index = 0;
  do {
    const page: Page<T> = await fetchPage(cursor ? { cursor } : {}, index++);
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
