// Progress of long work (a scan of a big tree, a bulk change of many keys) on stderr — only
// when stderr is a terminal, so scripts, pipes and CI logs see clean output. One line,
// redrawn at most every 100 ms and wiped at the end. KEYWARDEN_PROGRESS=1 forces it on (the
// tests use this besides a real pseudo-terminal), KEYWARDEN_PROGRESS=0 turns it off.

export interface Progress {
  update(text: string): void;
  done(): void;
}

interface Tty {
  isTTY?: boolean;
  write(s: string): unknown;
}

const INTERVAL_MS = 100;

export function progressOn(stream: Tty = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.KEYWARDEN_PROGRESS === '1') return true;
  if (env.KEYWARDEN_PROGRESS === '0') return false;
  return stream.isTTY === true;
}

export function createProgress(stream: Tty = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!progressOn(stream, env)) return { update: () => {}, done: () => {} };
  let shownAt = -Infinity;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - shownAt < INTERVAL_MS) return;
      shownAt = now;
      shown = true;
      stream.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

/** Counts for a progress line: "12 of 40 keys disabled". */
export const countOf = (done: number, total: number, what: string): string => `${done} of ${total} ${what}`;

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
