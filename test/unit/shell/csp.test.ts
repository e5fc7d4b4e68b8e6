// Issue 8 item 10: frame-ancestors is in the header CSP only. In a <meta> policy Chromium
// ignores it and logs an error on every page load.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerCsp, rendererCsp } from '../../../src/main/shell/csp';

const html = fs.readFileSync(path.resolve(__dirname, '../../../src/renderer/index.html'), 'utf8');

describe('issue 8 item 10: the CSP', () => {
  it('the meta tag has no header-only directive; the header adds frame-ancestors', () => {
    const meta = rendererCsp(html);
    expect(meta).not.toMatch(/frame-ancestors/);
    expect(meta).toMatch(/default-src 'none'/);
    expect(meta).toMatch(/script-src 'self'(;|$)/);
    expect(headerCsp(html)).toBe(`${meta}; frame-ancestors 'none'`);
  });

  it('refuses a meta tag that carries frame-ancestors, so it cannot come back unnoticed', () => {
    const bad = html.replace(/form-action 'none'/, "form-action 'none'; frame-ancestors 'none'");
    expect(bad).not.toBe(html);
    expect(() => rendererCsp(bad)).toThrow(/header-only/);
  });
});
