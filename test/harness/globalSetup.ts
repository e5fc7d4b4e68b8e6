// Builds the renderer once before the Playwright suite, not inside the first test's timeout.
import { ensureRendererBuilt } from './build';

export default function globalSetup(): void {
  ensureRendererBuilt((line) => process.stdout.write(`${line}\n`));
}
