import { randomBytes } from 'node:crypto';
import { KeywardenError } from '../../shared/errors';

export interface HeldSecret {
  secret: string;
  profileId: number;
  keyId: number;
  keyName: string;
  orgId: number;
  /** Set for a rolled key: the key it replaces, so a keychain entry can be replaced too. */
  replacesKeyId: number | null;
}

const TTL_MS = 15 * 60 * 1000;

/**
 * Holds a freshly minted key in main for as long as its one-time dialog is open, so copy
 * and keychain export work by handle and the renderer never sends the key back over IPC.
 * Forgotten when the dialog closes, when the profile changes, or after 15 minutes.
 */
export class OneTimeSecrets {
  private readonly held = new Map<string, HeldSecret & { expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  hold(s: HeldSecret): string {
    this.sweep();
    const handle = randomBytes(18).toString('base64url');
    this.held.set(handle, { ...s, expires: this.now() + TTL_MS });
    return handle;
  }

  get(handle: string): HeldSecret {
    this.sweep();
    const s = this.held.get(handle);
    if (!s)
      throw new KeywardenError(
        'NOT_FOUND',
        'that key is no longer held: it is shown only once, while its dialog is open',
      );
    return s;
  }

  forget(handle: string): void {
    this.held.delete(handle);
  }

  forgetAll(): void {
    this.held.clear();
  }

  get size(): number {
    return this.held.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [h, s] of this.held) if (s.expires <= now) this.held.delete(h);
  }
}
