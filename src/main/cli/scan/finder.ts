// Finds Keywarden keys in text (docs/key-format.md). Only checksum-valid matches count, so a
// random 41-character kw_-shaped string is reported with a probability of about 1 in 62^6.
import { parseKey, START_LENGTH } from '../../../shared/keyFormat';
import type { Environment } from '../../../shared/domain';

/** The key's shape for other scanners; the checksum is what removes false positives. */
export const KEY_REGEX_SOURCE = 'kw_(?:test|live)_[0-9A-Za-z]{33}';
// Not inside a longer run of letters and digits on either side.
const KEY_IN_TEXT = new RegExp(`(?<![0-9A-Za-z])${KEY_REGEX_SOURCE}(?![0-9A-Za-z])`, 'g');

export interface Hit {
  /** 1-based line of the match. */
  line: number;
  /** 0-based column within that line. */
  column: number;
  key: string;
  start: string;
  environment: Environment;
}

/** Every checksum-valid key in `text`, in order. */
export function findKeys(text: string): Hit[] {
  const hits: Hit[] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  KEY_IN_TEXT.lastIndex = 0;
  for (let m = KEY_IN_TEXT.exec(text); m; m = KEY_IN_TEXT.exec(text)) {
    const parsed = parseKey(m[0]);
    if (!parsed.ok) continue;
    // Count newlines only up to matches, so text without keys costs one regex pass.
    for (let i = text.indexOf('\n', counted); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    counted = m.index;
    hits.push({
      line,
      column: m.index - lineStart,
      key: m[0],
      start: m[0].slice(0, START_LENGTH),
      environment: parsed.env,
    });
  }
  return hits;
}
