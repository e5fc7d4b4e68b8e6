/**
 * The Content-Security-Policy is written once, in the renderer's index.html; the shell and
 * the test harness read it from there so the header and the meta tag can never drift apart.
 * Directives that a <meta> policy ignores (and Chromium logs an error for) are added to the
 * header only.
 */
const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"];

export function rendererCsp(html: string): string {
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('the renderer index.html has no Content-Security-Policy meta tag');
  if (/frame-ancestors|report-uri|sandbox/.test(m[1]))
    throw new Error('the CSP meta tag must not hold header-only directives (frame-ancestors, report-uri, sandbox)');
  return m[1];
}

/** The policy sent as a header: the meta tag's, plus what only a header can carry. */
export function headerCsp(html: string): string {
  return [rendererCsp(html), ...HEADER_ONLY_DIRECTIVES].join('; ');
}
