import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/renderer/lib/csv';

describe('csvField', () => {
  it('leaves plain values alone and writes null as an empty field', () => {
    expect(csvField('key.create')).toBe('key.create');
    expect(csvField(42)).toBe('42');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('"')).toBe('""""');
  });

  it('defuses spreadsheet formulas in text, but not in numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe('-5');
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per row', () => {
    const rows = [
      { id: 1, note: 'plain' },
      { id: 2, note: 'with, comma' },
    ];
    const csv = toCsv(rows, [
      { header: 'id', value: (r) => r.id },
      { header: 'note', value: (r) => r.note },
    ]);
    expect(csv).toBe('id,note\r\n1,plain\r\n2,"with, comma"\r\n');
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const nasty = ['a"b', 'x,y', 'multi\r\nline', '', ' lead', 'ok'];
    const csv = toCsv(
      nasty.map((v) => ({ v })),
      [{ header: 'v', value: (r) => r.v }],
    );
    expect(
      parseCsv(csv)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(nasty);
  });

  it('writes only a header for no rows', () => {
    expect(toCsv([], [{ header: 'a', value: () => 1 }])).toBe('a\r\n');
  });
});

// A minimal RFC 4180 reader, independent of the writer above.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
