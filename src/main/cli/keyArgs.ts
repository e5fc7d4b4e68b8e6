// What the keys commands share: the options type, key ids from argv, and the production
// confirmation the app asks for by typing a name.
import { KeywardenError } from '../../shared/errors';
import { sameTypedName } from '../../shared/text';
import type { CommonOptions, Session } from './context';
import { UsageError } from './usage';

export type Opts = CommonOptions & Record<string, unknown>;

export function keyId(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
    throw new UsageError(`a key id is a positive integer, not "${text}"`);
  return Number(text);
}

/** The app asks for the key's name in production; the CLI takes it as --confirm. */
export function confirmProduction(s: Session, name: string, confirm: unknown): void {
  if (s.profile.environment !== 'production') return;
  if (typeof confirm !== 'string' || !sameTypedName(confirm, name))
    throw new KeywardenError(
      'BAD_REQUEST',
      `"${s.profile.name}" is a production profile: add --confirm "${name}" to go ahead`,
    );
}
