// A small method + path router. Path parameters are positive integers (every id in the
// API is one); a malformed id is a 400, an unknown path a 404, a known path with the
// wrong method a 405 that lists what is allowed.
import { KeywardenError } from '../../shared/errors';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

type Segment = { literal: string } | { param: string };

interface Compiled<R> {
  route: R;
  method: Method;
  segments: Segment[];
}

export type Match<R> =
  | { ok: true; route: R; params: Record<string, number> }
  | { ok: false; error: KeywardenError; allow?: string };

const ID = /^[1-9]\d{0,15}$/;

/** A positive integer that survives the trip through a JS number, else null. */
export function parseId(text: string): number | null {
  if (!ID.test(text)) return null;
  const n = Number(text);
  return n <= Number.MAX_SAFE_INTEGER ? n : null;
}

export class Router<R extends { method: Method; path: string }> {
  private readonly byLength = new Map<number, Compiled<R>[]>();

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      const segments = route.path
        .split('/')
        .slice(1)
        .map((s): Segment => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s }));
      const list = this.byLength.get(segments.length) ?? [];
      list.push({ route, method: route.method, segments });
      this.byLength.set(segments.length, list);
    }
  }

  match(method: string, path: string): Match<R> {
    const parts = path.split('/');
    parts.shift();
    const shaped = (this.byLength.get(parts.length) ?? []).filter((c) =>
      c.segments.every((s, i) => ('literal' in s ? s.literal === parts[i] : parts[i] !== '')),
    );
    // Never echo the path: a careless client may have put a key in it.
    if (shaped.length === 0) return { ok: false, error: new KeywardenError('NOT_FOUND', 'no such route') };

    let badParam: string | null = null;
    const valid: { c: Compiled<R>; params: Record<string, number> }[] = [];
    for (const c of shaped) {
      const params: Record<string, number> = {};
      let ok = true;
      c.segments.forEach((s, i) => {
        if (!ok || 'literal' in s) return;
        const id = parseId(parts[i]);
        if (id === null) {
          ok = false;
          badParam ??= s.param;
        } else params[s.param] = id;
      });
      if (ok) valid.push({ c, params });
    }
    if (valid.length === 0) {
      return { ok: false, error: new KeywardenError('BAD_REQUEST', `${badParam}: must be a positive integer`) };
    }
    const wanted = method === 'HEAD' ? 'GET' : method;
    const hit = valid.find((v) => v.c.method === wanted);
    if (hit) return { ok: true, route: hit.c.route, params: hit.params };
    const methods = new Set(valid.map((v) => v.c.method));
    if (methods.has('GET')) methods.add('HEAD' as Method);
    const allow = [...methods].join(', ');
    return { ok: false, error: new KeywardenError('METHOD_NOT_ALLOWED', `this route allows ${allow}`), allow };
  }
}
