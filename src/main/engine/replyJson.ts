// Replies whose JSON text the engine already holds. GET /user/users/me is the call clients
// make most, and its reply changes only in the key's last use from one call to the next:
// the engine keeps the rest as text and the server sends that text instead of serializing
// the object again (bench (b)). The text is exactly JSON.stringify(reply) — tests hold it.
const texts = new WeakMap<object, string>();

/** Records `text` as the JSON of `reply`, which must not change afterwards (freeze it). */
export function withJson<T extends object>(reply: T, text: string): T {
  texts.set(reply, text);
  return reply;
}

/** The JSON text recorded for `reply`, if any. */
export const jsonOf = (reply: unknown): string | undefined =>
  typeof reply === 'object' && reply !== null ? texts.get(reply) : undefined;
