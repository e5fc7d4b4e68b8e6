import { createHash } from 'node:crypto';

/** Electron 45's clipboard is promise-based; the harness's in-memory one need not be. */
export interface ClipboardPort {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
}

const CLIPBOARD_CLEAR_SECONDS = 30;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Writes a secret to the clipboard and clears it later, unless the user copied something
 * else since. It remembers only the secret's digest, so the key does not stay in main's
 * memory for the 30 s after its dialog may have closed.
 */
export class ClipboardGuard {
  private timer: NodeJS.Timeout | null = null;
  private last: string | null = null;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly clearAfterMs = CLIPBOARD_CLEAR_SECONDS * 1000,
  ) {}

  async copySecret(secret: string): Promise<number> {
    await this.clipboard.writeText(secret);
    this.last = digest(secret);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.clear(), this.clearAfterMs);
    this.timer.unref?.();
    return Math.round(this.clearAfterMs / 1000);
  }

  /** Runs when the timer fires and on quit: a copied key does not outlive either. */
  async clear(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const last = this.last;
    this.last = null;
    if (last !== null && digest(await this.clipboard.readText()) === last) await this.clipboard.writeText('');
  }

  get pending(): boolean {
    return this.timer !== null;
  }
}
