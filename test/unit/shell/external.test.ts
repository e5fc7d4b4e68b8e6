// Issue 8 item 10: shell.openExternal gets only allowlisted https URLs, never a scheme
// handler (file:, smb:, custom protocols) or an arbitrary site a renderer asks for.
import { describe, expect, it } from 'vitest';
import { EXTERNAL_ALLOWLIST, isAllowedExternal } from '../../../src/main/shell/external';

describe('issue 8 item 10: the openExternal allowlist', () => {
  it('opens the allowlisted documentation pages', () => {
    expect(EXTERNAL_ALLOWLIST.length).toBeGreaterThan(0);
    expect(isAllowedExternal('https://github.com/atom/node-keytar')).toBe(true);
    expect(isAllowedExternal('https://github.com/atom/node-keytar/blob/master/README.md#usage')).toBe(true);
    expect(isAllowedExternal('https://specifications.freedesktop.org/secret-service/latest/')).toBe(true);
  });

  it('refuses every other URL and scheme', () => {
    for (const url of [
      'https://github.com/atom/node-keytar-evil',
      'https://github.com/attacker/repo',
      'http://github.com/atom/node-keytar',
      'https://user:pw@github.com/atom/node-keytar',
      'https://github.com.attacker.example/atom/node-keytar',
      'https://attacker.example/',
      'file:///etc/passwd',
      'smb://server/share',
      'ms-settings:privacy',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isAllowedExternal(url), url).toBe(false);
  });
});
