// Builds the renderer and the CLI (some specs run bin/keywarden.cjs) once before the
// Playwright suite, not inside the first test's timeout.
import { ensureCliBuilt, ensureRendererBuilt } from './build';

export default function globalSetup(): void {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  ensureRendererBuilt(log);
  ensureCliBuilt(log);
}
