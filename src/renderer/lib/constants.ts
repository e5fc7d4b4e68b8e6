// Values mirrored from src/shared/domain.ts. Importing them from there would pull zod into
// the renderer bundle; test/unit/renderer/constants.test.ts keeps the two in step.
import type { Scope } from '../../shared/domain';

export const SCOPE_LIST: readonly Scope[] = ['ui', 'rest', 'integration'];
export const DEFAULT_SCOPES: readonly Scope[] = ['rest'];
export const GRACE_MAX_SECONDS = 604800;
export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;

export const SCOPE_HELP: Record<Scope, string> = {
  ui: 'Sign-in to web UIs that accept keys',
  rest: 'The REST API (needed for every REST route)',
  integration: 'Import endpoints (/creation/import/*), together with rest',
};
