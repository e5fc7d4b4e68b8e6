// A small method + path router. Path parameters are positive integers (every id in the
// API is one); a malformed id is a 400, an unknown path a 404, a known path with the
// wrong method a 405 that lists what is allowed.
import { KeywardenError } from '../../shared/errors';

import type { HttpMethod as Method } from '../../shared/vocabulary';
export type { Method };

type Segment = { literal: string; param?: undefined } | { param: string; literal?: undefined };

interface Compiled<R> {
  route: R;
  method: Method;
  segments: Segment[];
}

export type Match<R> =
  { ok: true; route: R; params: Record<string, number> } | { ok: false; error: KeywardenError; allow?: string };

const ID = /^[1-9]\d{0,15}$/;
const NO_PARAMS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** A positive integer that survives the trip through a JS number, else null. */
function parseId(text: string): number | null {
  if (!ID.test(text)) return null;
  const n = Number(text);
  return n <= Number.MAX_SAFE_INTEGER ? n : null;
}

export class Router<R extends { method: Method; path: string }> {
  private readonly byLength = new Map<number, Compiled<R>[]>();
  /** Matches of routes without parameters, by method then path: the common case costs two lookups and no allocation. */
  private readonly exact = new Map<string, Map<string, Match<R>>>();

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      const segments = route.path
        .split('/')
        .slice(1)
        .map((s): Segment => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s }));
      const list = this.byLength.get(segments.length) ?? [];
      list.push({ route, method: route.method, segments });
      this.byLength.set(segments.length, list);
      if (!route.path.includes(':')) {
        const byPath = this.exact.get(route.method) ?? new Map<string, Match<R>>();
        byPath.set(route.path, Object.freeze({ ok: true, route, params: NO_PARAMS }));
        this.exact.set(route.method, byPath);
      }
    }
  }

  match(method: string, path: string): Match<R> {
    const exact = this.exact.get(method === 'HEAD' ? 'GET' : method)?.get(path);
    if (exact) return exact;
    const parts = path.split('/');
    parts.shift();
    const shaped: Compiled<R>[] = [];
    for (const c of this.byLength.get(parts.length) ?? []) {
      let fits = true;
      for (let i = 0; i < parts.length && fits; i++) {
        const s = c.segments[i];
        fits = s.literal !== undefined ? s.literal === parts[i] : parts[i] !== '';
      }
      if (fits) shaped.push(c);
    }
    // Never echo the path: a careless client may have put a key in it.
    if (shaped.length === 0) return { ok: false, error: new KeywardenError('NOT_FOUND', 'no such route') };

    let badParam: string | null = null;
    const valid: { c: Compiled<R>; params: Record<string, number> }[] = [];
    for (const c of shaped) {
      const params: Record<string, number> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const name = c.segments[i].param;
        if (name === undefined) continue;
        const id = parseId(parts[i]);
        if (id === null) {
          ok = false;
          badParam ??= name;
        } else params[name] = id;
      }
      if (ok) valid.push({ c, params });
    }
    if (valid.length === 0) {
      return { ok: false, error: new KeywardenError('BAD_REQUEST', `${badParam}: must be a positive integer`) };
    }
    const wanted = method === 'HEAD' ? 'GET' : method;
    const hit = valid.find((v) => v.c.method === wanted);
    if (hit) return { ok: true, route: hit.c.route, params: hit.params };
    const methods = new Set<string>(valid.map((v) => v.c.method));
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].join(', ');
    return { ok: false, error: new KeywardenError('METHOD_NOT_ALLOWED', `this route allows ${allow}`), allow };
  }
}
