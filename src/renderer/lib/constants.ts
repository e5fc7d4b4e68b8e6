import type { Scope } from '../../shared/domain';

// From the zod-free vocabulary module, so the renderer bundle does not pull in the schemas.
export {
  SCOPES as SCOPE_LIST,
  DEFAULT_SCOPES,
  GRACE_MAX_SECONDS,
  NAME_MAX,
  DESCRIPTION_MAX,
} from '../../shared/vocabulary';

export const SCOPE_HELP: Record<Scope, string> = {
  ui: 'Sign-in to web UIs that accept keys',
  rest: 'The REST API (needed for every REST route)',
  integration: 'Import endpoints (/creation/import/*), together with rest',
};
