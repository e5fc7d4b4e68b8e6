/**
 * The Content-Security-Policy is written once, in the renderer's index.html; the shell and
 * the test harness read it from there so the header and the meta tag can never drift apart.
 */
export function rendererCsp(html: string): string {
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('the renderer index.html has no Content-Security-Policy meta tag');
  return m[1];
}
