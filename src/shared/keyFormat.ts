// The key format of docs/key-format.md: kw_<env>_<secret:27 base62><checksum:6 base62>, 41 chars.
// Pure code (no Node APIs) so the server, main process and renderer share one parser.
import type { Environment } from './domain';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_LENGTH = 41;
export const SECRET_LENGTH = 27;
export const CHECKSUM_LENGTH = 6;
export const START_LENGTH = 12;
const KEY_SHAPE = /^kw_(test|live)_([0-9A-Za-z]{27})([0-9A-Za-z]{6})$/;

export type KeyEnv = 'test' | 'live';
export const envTag = (env: Environment): KeyEnv => (env === 'production' ? 'live' : 'test');
export const envOfTag = (tag: KeyEnv): Environment => (tag === 'live' ? 'production' : 'sandbox');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3) of an ASCII string. */
export function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function base62(n: bigint | number, width: number): string {
  let v = BigInt(n);
  let out = '';
  while (v > 0n) {
    out = ALPHABET[Number(v % 62n)] + out;
    v /= 62n;
  }
  if (out.length > width) throw new RangeError(`value does not fit in ${width} base62 digits`);
  return out.padStart(width, '0');
}

function base62Small(n: number, width: number): string {
  let out = '';
  let v = n;
  while (v > 0) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

export const checksumOf = (body: string): string => base62Small(crc32(body), CHECKSUM_LENGTH);

/** Builds a key from 20 random bytes (the caller supplies them: crypto.randomBytes). */
export function formatKey(env: Environment, secretBytes: Uint8Array): string {
  if (secretBytes.length !== 20) throw new RangeError('a key secret is 20 bytes');
  let n = 0n;
  for (const b of secretBytes) n = (n << 8n) | BigInt(b);
  const body = `kw_${envTag(env)}_${base62(n, SECRET_LENGTH)}`;
  return body + checksumOf(body);
}

export type KeyShapeProblem = 'MISSING_KEY' | 'MALFORMED_KEY';

export type ParsedKey =
  { ok: true; env: Environment; start: string } | { ok: false; code: KeyShapeProblem; reason: string };

/** Format and checksum check, done offline before any lookup. Never echoes the key. */
export function parseKey(raw: string | null | undefined): ParsedKey {
  if (raw === null || raw === undefined || raw.trim() === '') {
    return { ok: false, code: 'MISSING_KEY', reason: 'no key was given' };
  }
  const key = raw.trim();
  if (key.length !== KEY_LENGTH) {
    return {
      ok: false,
      code: 'MALFORMED_KEY',
      reason: `a key is ${KEY_LENGTH} characters; this one has ${key.length}`,
    };
  }
  const m = KEY_SHAPE.exec(key);
  if (!m) {
    return {
      ok: false,
      code: 'MALFORMED_KEY',
      reason: 'a key starts with kw_test_ or kw_live_ and then has only letters and digits',
    };
  }
  const body = key.slice(0, KEY_LENGTH - CHECKSUM_LENGTH);
  if (checksumOf(body) !== m[3]) {
    return { ok: false, code: 'MALFORMED_KEY', reason: 'the checksum does not match: the key has a typo or was cut' };
  }
  return { ok: true, env: envOfTag(m[1] as KeyEnv), start: key.slice(0, START_LENGTH) };
}

/** The displayable prefix of something that looks like one of our keys, else null. */
export function startOf(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const k = raw.trim();
  return /^kw_(test|live)_[0-9A-Za-z]{4}/.test(k) ? k.slice(0, START_LENGTH) : null;
}

// Anything key-shaped is cut to its displayable start, whatever put it in a message.
const KEYISH = /kw_(?:test|live)_[0-9A-Za-z]{5,}/g;
export const redactKeys = (text: string): string => text.replace(KEYISH, (k) => `${k.slice(0, START_LENGTH)}…`);
