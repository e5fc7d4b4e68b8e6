// docs/key-format.md: kw_<env>_<secret:27><checksum:6>, base62, CRC-32 checksum, 12-character start.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CHECKSUM_LENGTH,
  KEY_LENGTH,
  SECRET_LENGTH,
  START_LENGTH,
  base62,
  checksumOf,
  crc32,
  formatKey,
  parseKey,
  startOf,
} from '../../../src/shared/keyFormat';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An independent base62 writer, so the tests do not check the code against itself. */
function refBase62(n: bigint, width: number): string {
  let s = '';
  for (let v = n; v > 0n; v /= 62n) s = ALPHABET[Number(v % 62n)] + s;
  return s.padStart(width, '0');
}

const bigOf = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const refChecksum = (body: string): string => refBase62(BigInt(zlib.crc32(body)), 6);

describe('docs/key-format.md key format', () => {
  it('is 41 characters: kw_test_ for sandbox, kw_live_ for production, then only base62', () => {
    expect([KEY_LENGTH, SECRET_LENGTH, CHECKSUM_LENGTH, START_LENGTH]).toEqual([41, 27, 6, 12]);
    for (let i = 0; i < 200; i++) {
      const sandbox = formatKey('sandbox', randomBytes(20));
      const production = formatKey('production', randomBytes(20));
      expect(sandbox).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
      expect(production).toMatch(/^kw_live_[0-9A-Za-z]{33}$/);
      expect(sandbox).toHaveLength(41);
      expect(production).toHaveLength(41);
    }
  });

  it('the secret is the 20 bytes as a big-endian integer in base62, left-padded with 0 to 27 characters', () => {
    const zeros = new Uint8Array(20);
    const ones = new Uint8Array(20).fill(0xff);
    const one = new Uint8Array(20);
    one[19] = 1;
    const high = new Uint8Array(20);
    high[0] = 1;
    expect(formatKey('sandbox', zeros).slice(8, 35)).toBe('0'.repeat(27));
    expect(formatKey('sandbox', one).slice(8, 35)).toBe(`${'0'.repeat(26)}1`);
    expect(formatKey('sandbox', ones).slice(8, 35)).toBe(refBase62(2n ** 160n - 1n, 27));
    expect(refBase62(2n ** 160n - 1n, 0)).toHaveLength(27);
    expect(formatKey('sandbox', high).slice(8, 35)).toBe(refBase62(2n ** 152n, 27));
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(20);
      expect(formatKey('production', bytes).slice(8, 35)).toBe(refBase62(bigOf(bytes), 27));
    }
  });

  it('refuses secrets that are not exactly 20 bytes', () => {
    for (const n of [0, 19, 21, 32]) expect(() => formatKey('sandbox', new Uint8Array(n))).toThrow(RangeError);
  });

  it('the checksum is CRC-32 (IEEE) of "kw_<env>_<secret>" in base62, left-padded to 6', () => {
    for (const bytes of [
      new Uint8Array(20),
      new Uint8Array(20).fill(0xff),
      ...Array.from({ length: 200 }, () => randomBytes(20)),
    ]) {
      for (const env of ['sandbox', 'production'] as const) {
        const key = formatKey(env, bytes);
        const body = key.slice(0, 35);
        expect(key.slice(35)).toBe(refChecksum(body));
        expect(checksumOf(body)).toBe(refChecksum(body));
      }
    }
    // The same secret under the other environment gets a different checksum.
    const bytes = randomBytes(20);
    expect(formatKey('sandbox', bytes).slice(35)).not.toBe(formatKey('production', bytes).slice(35));
  });

  it('crc32 agrees with node:zlib for the standard vector, edge cases and random strings', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    for (const s of ['a', 'kw_test_', '\x00', '\xff', 'kw_live_zzzzzzzzzzzzzzzzzzzzzzzzzzz'])
      expect(crc32(s)).toBe(zlib.crc32(Buffer.from(s, 'latin1')));
    for (let i = 0; i < 500; i++) {
      const s = randomBytes(1 + (i % 64)).toString('base64');
      expect(crc32(s)).toBe(zlib.crc32(s));
    }
  });

  it('small checksums are left-padded, and base62 refuses values that do not fit', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
    expect(base62(0xffffffff, 6)).toBe(refBase62(0xffffffffn, 6));
    expect(() => base62(62n ** 6n, 6)).toThrow(RangeError);
  });

  it('start is the first 12 characters', () => {
    const key = formatKey('sandbox', randomBytes(20));
    const parsed = parseKey(key);
    expect(parsed).toEqual({ ok: true, env: 'sandbox', start: key.slice(0, 12) });
    expect(parseKey(formatKey('production', randomBytes(20)))).toMatchObject({ ok: true, env: 'production' });
    expect(startOf(key)).toBe(key.slice(0, 12));
    expect(startOf(key.slice(0, 30))).toBe(key.slice(0, 12));
    expect(startOf('kw_test_ab')).toBeNull();
    expect(startOf('Bearer something')).toBeNull();
    expect(startOf(null)).toBeNull();
    expect(startOf('')).toBeNull();
  });

  it('parseKey rejects every single-character substitution of a key (the checksum catches typos)', () => {
    const others = ALPHABET + '_-. +/=\u00e9';
    for (const env of ['sandbox', 'production'] as const) {
      for (const bytes of [randomBytes(20), new Uint8Array(20), new Uint8Array(20).fill(0xff)]) {
        const key = formatKey(env, bytes);
        expect(parseKey(key).ok).toBe(true);
        let tried = 0;
        for (let i = 0; i < key.length; i++) {
          for (const c of others) {
            if (c === key[i]) continue;
            const bad = key.slice(0, i) + c + key.slice(i + 1);
            const r = parseKey(bad);
            tried++;
            if (r.ok) throw new Error(`substitution at ${i} with ${JSON.stringify(c)} was accepted`);
            expect(r.code).toBe('MALFORMED_KEY');
          }
        }
        expect(tried).toBeGreaterThan(41 * 60);
      }
    }
  });

  it('parseKey rejects every truncation and extension, and swaps of neighbours in the secret', () => {
    const key = formatKey('sandbox', randomBytes(20));
    for (let n = 1; n < key.length; n++)
      expect(parseKey(key.slice(0, n))).toMatchObject({ ok: false, code: 'MALFORMED_KEY' });
    for (let n = 1; n < key.length; n++)
      expect(parseKey(key.slice(n))).toMatchObject({ ok: false, code: 'MALFORMED_KEY' });
    expect(parseKey(key + '0')).toMatchObject({ ok: false, code: 'MALFORMED_KEY' });
    expect(parseKey(key.slice(0, 40) + 'AA')).toMatchObject({ ok: false, code: 'MALFORMED_KEY' });
    for (let i = 8; i < key.length - 1; i++) {
      if (key[i] === key[i + 1]) continue;
      const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      expect(parseKey(swapped).ok, `swap at ${i}`).toBe(false);
    }
  });

  it('parseKey trims surrounding whitespace, but not whitespace inside', () => {
    const key = formatKey('sandbox', randomBytes(20));
    for (const padded of [` ${key}`, `${key}\n`, `\t${key} \r\n`])
      expect(parseKey(padded)).toEqual({ ok: true, env: 'sandbox', start: key.slice(0, 12) });
    expect(parseKey(`${key.slice(0, 20)} ${key.slice(20)}`)).toMatchObject({ ok: false, code: 'MALFORMED_KEY' });
    for (const empty of [null, undefined, '', ' ', '\n\t '])
      expect(parseKey(empty)).toMatchObject({ ok: false, code: 'MISSING_KEY' });
  });

  it('the reason for a refusal never repeats the key', () => {
    const key = formatKey('production', randomBytes(20));
    for (const bad of [
      key.slice(0, 40),
      key + 'x',
      key.slice(0, 20) + '!' + key.slice(21),
      key.slice(0, 40) + (key[40] === 'a' ? 'b' : 'a'),
    ]) {
      const r = parseKey(bad);
      if (r.ok) throw new Error('accepted');
      expect(r.reason).not.toContain(key.slice(12, 30));
      expect(r.reason.length).toBeGreaterThan(0);
    }
  });
});
