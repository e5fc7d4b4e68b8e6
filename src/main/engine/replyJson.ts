// Replies whose JSON text the engine already holds. GET /user/users/me is the call clients
// make most, and its reply changes only in the key's last use from one call to the next:
// the engine keeps the rest as text and the server sends that text instead of serializing
// the object again (bench (b)). The text is exactly JSON.stringify(reply) — tests hold it.
//
// The text rides on the reply itself, under a symbol and not enumerable: JSON, structured
// clone (IPC), spreading and test equality all pass it by, so a copy never carries a text
// that may no longer be true of it. (A WeakMap from reply to text cost the collector a
// table entry per reply: a new reply is made every millisecond under load.)
const TEXT = Symbol('keywarden.json');

/**
 * Records `text` as the JSON of `reply`, which must not change afterwards: freeze it after
 * this call (a frozen object cannot take the record).
 */
export function withJson<T extends object>(reply: T, text: string): T {
  Object.defineProperty(reply, TEXT, { value: text });
  return reply;
}

/** The JSON text recorded for `reply`, if any. */
export const jsonOf = (reply: unknown): string | undefined =>
  typeof reply === 'object' && reply !== null ? (reply as { [TEXT]?: string })[TEXT] : undefined;
