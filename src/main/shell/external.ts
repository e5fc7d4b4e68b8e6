// Links the renderer may open in the user's browser (window.open / target=_blank). Denied
// in the app either way; only https URLs under these prefixes go to shell.openExternal, so
// a compromised renderer cannot hand the OS an arbitrary URL or scheme handler.
export const EXTERNAL_ALLOWLIST = [
  'https://github.com/atom/node-keytar',
  'https://specifications.freedesktop.org/secret-service/',
] as const;

export function isAllowedExternal(raw: string, allowlist: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowlist.some((entry) => {
    const allowed = new URL(entry);
    if (u.origin !== allowed.origin) return false;
    const prefix = allowed.pathname;
    // A prefix matches whole path segments: /atom/node-keytar does not admit /atom/node-keytar-evil.
    return (
      u.pathname === prefix ||
      u.pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) ||
      (prefix === '/' && u.pathname.startsWith('/'))
    );
  });
}
