// The one seam between the desktop services and where keys live: the local engine or a
// remote Core server. Everything is async so both implementations fit; every failure is
// a KeywardenError with an error code (docs/rules.md) (remote transport failures add their own codes).
import type { Environment, KeyCheck, Page } from '../../shared/domain';
import type { ArgsOf, OutputOf } from '../api/route';
import type { BackendRouteName, Routes } from '../api/routes';

/**
 * One method per route of src/main/api/routes.ts, of the same name: the path's ids in
 * order, then the body or query. Both backends derive these from the table.
 */
export type BackendOperations = {
  [K in BackendRouteName]: (...args: ArgsOf<Routes[K]>) => Promise<OutputOf<Routes[K]>>;
};

export interface Backend extends BackendOperations {
  readonly kind: 'local' | 'remote';
  readonly environment: Environment;

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
