// Finds Keywarden keys in bytes (docs/key-format.md). A fast byte search for "kw_" finds
// candidates; only those with the key's exact shape, word boundaries and a right checksum
// count, so a random 41-character kw_-shaped string is reported with a probability of about
// 1 in 62^6. Text is never decoded: keys are ASCII, and latin1 maps each byte to one char.
import { KEY_LENGTH, parseKey, START_LENGTH } from '../../../shared/keyFormat';
import type { Environment } from '../../../shared/domain';

/** The key's shape for other scanners; the checksum is what removes false positives. */
export const KEY_REGEX_SOURCE = 'kw_(?:test|live)_[0-9A-Za-z]{33}';
const SHAPE = new RegExp(`^${KEY_REGEX_SOURCE}$`);
const NEEDLE = Buffer.from('kw_', 'latin1');

export interface ByteHit {
  /** Byte offset of the key in its file or blob. */
  offset: number;
  key: string;
  environment: Environment;
}

export interface Hit extends ByteHit {
  /** 1-based line of the match. */
  line: number;
  /** 0-based column (in bytes) within that line. */
  column: number;
  start: string;
}

const isWordByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/**
 * Checks the candidates starting at `from`..`last` (inclusive) of `view`. `view[from - 1]`,
 * when it exists, is the byte before; `complete` says `view` ends where the data ends (so a
 * key may end at the last byte). `base` is view[0]'s offset in the whole file or blob.
 */
export function keysIn(
  view: Buffer,
  from: number,
  last: number,
  complete: boolean,
  base: number,
  out: ByteHit[],
): void {
  for (let p = view.indexOf(NEEDLE, from); p !== -1 && p <= last; p = view.indexOf(NEEDLE, p + 1)) {
    const end = p + KEY_LENGTH;
    if (end > view.length) break;
    if (p > 0 && isWordByte(view[p - 1])) continue;
    if (end < view.length ? isWordByte(view[end]) : !complete) continue;
    const text = view.toString('latin1', p, end);
    if (!SHAPE.test(text)) continue;
    const parsed = parseKey(text);
    if (parsed.ok) out.push({ offset: base + p, key: text, environment: parsed.env });
  }
}

/** How many "\n" bytes are in data[from, to): four bytes at a time, as index-by-index is slow. */
export function countNewlines(data: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  const alignedStart = Math.min(to, (i + ((4 - ((data.byteOffset + i) & 3)) & 3)) | 0);
  for (; i < alignedStart; i++) if (data[i] === 10) n++;
  const words = ((to - i) >> 2) | 0;
  if (words > 0) {
    const w = new Uint32Array(data.buffer, data.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      // A byte of x is 0 exactly where the byte was "\n"; t keeps the high bit of each non-zero byte.
      const x = w[k] ^ 0x0a0a0a0a;
      const t = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
      if (t !== 0x80808080) n += 4 - (((t >>> 7) & 1) + ((t >>> 15) & 1) + ((t >>> 23) & 1) + (t >>> 31));
    }
    i += words * 4;
  }
  for (; i < to; i++) if (data[i] === 10) n++;
  return n;
}

/** Line and column of each hit (hits in order), `data` being the whole file or blob. */
export function locate(data: Buffer, hits: ByteHit[]): Hit[] {
  let line = 1;
  let at = 0;
  return hits.map((h) => {
    line += countNewlines(data, at, h.offset);
    at = h.offset;
    const lineStart = h.offset === 0 ? 0 : data.lastIndexOf(10, h.offset - 1) + 1;
    return { ...h, line, column: h.offset - lineStart, start: h.key.slice(0, START_LENGTH) };
  });
}

/** Every checksum-valid key in `data`, in order, with its line and column. */
export function findKeys(data: Buffer | string): Hit[] {
  const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const hits: ByteHit[] = [];
  keysIn(buf, 0, buf.length, true, 0, hits);
  return locate(buf, hits);
}
