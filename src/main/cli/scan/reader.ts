// Reads a file in 64 KiB steps into one reused 1 MiB window and looks for keys in each step
// while it is still in the CPU cache (single 1 MiB reads measured 3-4x slower here). A file
// that fits the window is still whole in it when a key is found, so its lines are counted
// without reading it again. Bigger files slide: the last few bytes move to the front, so a
// key across the cut is still found, and the rare big file holding a key is read again to
// count its lines.
import fs from 'node:fs';
import { KEY_LENGTH, START_LENGTH } from '../../../shared/keyFormat';
import { countNewlines, keysIn, locate, type ByteHit, type Hit } from './finder';

export const CHUNK = 64 * 1024;
const WINDOW = 1024 * 1024;

export class FileReader {
  private readonly buf = Buffer.allocUnsafe(WINDOW);
  /** Bytes read so far, for progress. */
  bytes = 0;

  /** The checksum-valid keys in `file`, with their lines. */
  keysInFile(file: string): Hit[] {
    const hits: ByteHit[] = [];
    const buf = this.buf;
    const fd = fs.openSync(file, 'r');
    let len = 0;
    let base = 0;
    try {
      let from = 0;
      for (;;) {
        if (len + CHUNK > WINDOW) {
          // Keep one byte before the next candidate: it decides the word boundary.
          const cut = Math.max(0, from - 1);
          buf.copy(buf, 0, cut, len);
          len -= cut;
          base += cut;
          from -= cut;
        }
        const n = fs.readSync(fd, buf, len, CHUNK, null);
        this.bytes += n;
        len += n;
        const view = buf.subarray(0, len);
        if (n === 0) {
          keysIn(view, from, len, true, base, hits);
          break;
        }
        // Candidates up to `last` have the byte after the key in view; later ones wait.
        const last = len - KEY_LENGTH - 1;
        keysIn(view, from, last, false, base, hits);
        from = Math.max(from, last + 1);
      }
    } finally {
      fs.closeSync(fd);
    }
    if (hits.length === 0) return [];
    return base === 0 ? locate(buf.subarray(0, len), hits) : locateByReading(file, hits);
  }
}

/** Lines of hits in a file too big for the window, counted in a second pass. */
function locateByReading(file: string, hits: ByteHit[]): Hit[] {
  const chunk = Buffer.allocUnsafe(CHUNK);
  const fd = fs.openSync(file, 'r');
  const out: Hit[] = [];
  try {
    let pos = 0;
    let line = 1;
    let lineStart = 0;
    let h = 0;
    while (h < hits.length) {
      const n = fs.readSync(fd, chunk, 0, CHUNK, pos);
      if (n <= 0) break;
      const view = chunk.subarray(0, n);
      let i = 0;
      for (; h < hits.length && hits[h].offset < pos + n; h++) {
        const upto = hits[h].offset - pos;
        line += countNewlines(view, i, upto);
        const nl = upto === 0 ? -1 : view.lastIndexOf(10, upto - 1);
        if (nl !== -1 && nl >= i) lineStart = pos + nl + 1;
        i = upto;
        const hit = hits[h];
        out.push({ ...hit, line, column: hit.offset - lineStart, start: hit.key.slice(0, START_LENGTH) });
      }
      line += countNewlines(view, i, n);
      const nl = view.lastIndexOf(10);
      if (nl !== -1 && nl >= i) lineStart = pos + nl + 1;
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
