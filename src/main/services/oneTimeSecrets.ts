import { randomBytes } from 'node:crypto';
import type { CreatedKey } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import type { OneTimeKey } from '../../shared/ipc/contract';

export interface HeldSecret {
  secret: string;
  profileId: number;
  keyId: number;
  keyName: string;
  orgId: number;
  /** Set for a rolled key: the key it replaces, so a keychain entry can be replaced too. */
  replacesKeyId: number | null;
}

const ONE_TIME_TTL_MS = 15 * 60 * 1000;

/** Time for the expiry timers; tests inject their own clock and fire timers by hand. */
export interface SecretClock {
  now(): number;
  /** Runs fn after ms; returns a cancel. Must not keep the process alive. */
  after(ms: number, fn: () => void): () => void;
}

const realClock: SecretClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

interface Entry extends HeldSecret {
  expires: number;
  cancel: () => void;
}

/**
 * Holds a freshly minted key in main for as long as its one-time dialog is open, so copy
 * and keychain export work by handle and the renderer never sends the key back over IPC.
 * This is the only place main keeps a raw key (bulk results refer to it by handle), and it
 * lets go when the dialog closes (forget), when the profile changes (forgetAll), or when
 * its own timer fires after 15 minutes — whether or not anything touches the store.
 */
export class OneTimeSecrets {
  private readonly held = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly clock: SecretClock;

  constructor(opts: { ttlMs?: number; clock?: SecretClock } = {}) {
    this.ttlMs = opts.ttlMs ?? ONE_TIME_TTL_MS;
    this.clock = opts.clock ?? realClock;
  }

  hold(s: HeldSecret): string {
    const handle = randomBytes(18).toString('base64url');
    // The timer's closure holds the handle only, never the secret.
    const cancel = this.clock.after(this.ttlMs, () => this.onTimer(handle));
    this.held.set(handle, { ...s, expires: this.clock.now() + this.ttlMs, cancel });
    return handle;
  }

  /** Holds a create or roll reply's key and gives the renderer what it shows once: the key, its metadata and the handle. */
  holdCreated(profileId: number, created: CreatedKey, replacesKeyId: number | null): OneTimeKey {
    const { apiKey, ...key } = created;
    const handle = this.hold({
      secret: apiKey,
      profileId,
      keyId: key.id,
      keyName: key.name,
      orgId: key.orgId,
      replacesKeyId,
    });
    return { key, apiKey, handle };
  }

  get(handle: string): HeldSecret {
    this.expire(handle);
    const s = this.held.get(handle);
    if (!s)
      throw new KeywardenError(
        'NOT_FOUND',
        'that key is no longer held: it is shown only once, while its dialog is open',
      );
    return s;
  }

  /** The raw key while it is held, else null (forgotten or expired). */
  peek(handle: string): string | null {
    this.expire(handle);
    return this.held.get(handle)?.secret ?? null;
  }

  forget(handle: string): void {
    const s = this.held.get(handle);
    if (!s) return;
    s.cancel();
    this.held.delete(handle);
  }

  forgetAll(): void {
    for (const s of this.held.values()) s.cancel();
    this.held.clear();
  }

  get size(): number {
    return this.held.size;
  }

  /** Reads also check the clock: a timer can fire late (a sleeping laptop). */
  private expire(handle: string): void {
    const s = this.held.get(handle);
    if (s && s.expires <= this.clock.now()) this.forget(handle);
  }

  /** The clock decides: a timer that fires early (clock adjusted) re-arms for what is left. */
  private onTimer(handle: string): void {
    const s = this.held.get(handle);
    if (!s) return;
    const left = s.expires - this.clock.now();
    if (left <= 0) this.forget(handle);
    else s.cancel = this.clock.after(left, () => this.onTimer(handle));
  }
}
