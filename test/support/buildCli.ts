// Vitest's global setup: many tests run the real bin/keywarden.cjs, which runs the built CLI
// in out/cli. Rebuilt only when a source is newer, so a test never runs yesterday's code.
import { ensureCliBuilt } from '../harness/build';

export default function setup(): void {
  ensureCliBuilt((line) => process.stdout.write(`${line}\n`));
}
