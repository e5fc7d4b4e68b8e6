// scan's file reader (src/main/cli/scan/reader.ts) on real files: keys across its 64 KiB read
// steps and its 1 MiB window are found once each, with the same line and column as a
// whole-text search, including in files big enough to need the second counting pass.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKeys } from '../../../../src/main/cli/scan/finder';
import { CHUNK, FileReader } from '../../../../src/main/cli/scan/reader';
import { formatKey } from '../../../../src/shared/keyFormat';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MIB = 1024 * 1024;

/** Text with short lines and keys planted at the given offsets. */
function fileWithKeys(size: number, offsets: number[]): { file: string; keys: string[] } {
  const b = Buffer.alloc(size, 0x20);
  for (let i = 17; i < size; i += 23 + (i % 7)) b[i] = 10;
  const keys = offsets.map((at) => {
    const k = formatKey(at % 2 ? 'production' : 'sandbox', randomBytes(20));
    b.write(k, at, 'latin1');
    return k;
  });
  const file = path.join(dir, `f${size}-${offsets.join('-')}`);
  fs.writeFileSync(file, b);
  return { file, keys };
}

describe('scan reader', () => {
  const reader = new FileReader();
  const cases: [string, number, number[]][] = [
    ['a key at the very start and end of a small file', 100, [0, 59]],
    ...[-43, -42, -41, -40, -20, -1, 0, 1].map((d): [string, number, number[]] => [
      `a key at ${d} from the first read step's end`,
      3 * CHUNK,
      [CHUNK + d],
    ]),
    ['a key across the 1 MiB window slide', 2 * MIB, [MIB - 30, MIB + CHUNK - 10]],
    ['keys deep in a big file (second counting pass)', 3 * MIB + 123, [5, 2 * MIB + 7, 3 * MIB + 123 - 41]],
  ];
  for (const [name, size, offsets] of cases)
    it(name, () => {
      const { file, keys } = fileWithKeys(size, offsets);
      const got = reader.keysInFile(file);
      const want = findKeys(fs.readFileSync(file));
      expect(got.map((h) => h.key)).toEqual(keys);
      expect(got.map(({ offset, line, column, start }) => ({ offset, line, column, start }))).toEqual(
        want.map(({ offset, line, column, start }) => ({ offset, line, column, start })),
      );
    });

  it('a key glued to letters or digits on either side is not one', () => {
    const k = formatKey('sandbox', randomBytes(20));
    const file = path.join(dir, 'glued');
    fs.writeFileSync(file, `x${k}\n${k}9\n"${k}"`);
    expect(reader.keysInFile(file).map((h) => [h.line, h.column])).toEqual([[3, 1]]);
  });

  it('binary files are read too: a key in a database file is still a leak', () => {
    const k = formatKey('sandbox', randomBytes(20));
    const file = path.join(dir, 'blob.bin');
    fs.writeFileSync(
      file,
      Buffer.concat([randomBytes(5000).map((b) => (b === 0x6b ? 0 : b)), Buffer.from(`\0${k}\0`)]),
    );
    expect(reader.keysInFile(file).map((h) => h.key)).toEqual([k]);
  });
});
