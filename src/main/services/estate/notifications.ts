// Expiry notifications (docs/estate.md): on start and every 6 hours, a notification when a
// key crosses one of the thresholds before its expiry (14, 7 and 1 days unless the user
// chose others), and when a key in grace was used in the last hour of its grace ("still in
// use"). Once per key and threshold, remembered across restarts in the app store. Plain
// Node: the clock and the timer are passed in, and so is what shows a notification
// (Electron's Notification in the shell, a recorder in tests and the harness).
import { findingBit } from '../../../shared/findings';
import type { AppStore } from '../appStore';
import type { EstateService } from './service';
import type { EstateRow } from './sources';

export interface KeyNotification {
  id: string;
  profileId: number;
  keyId: number;
  /** Days before expiry, or "inUse" for a key used in the last hour of its grace. */
  threshold: number | 'inUse';
  title: string;
  body: string;
  at: string;
}

export interface NotificationAdapter {
  /** Shows it; `onClick` opens the key in the app. */
  show(n: KeyNotification, onClick: () => void): void;
}

export interface NotificationSettings {
  enabled: boolean;
  thresholds: number[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { enabled: true, thresholds: [14, 7, 1] };
export const NOTIFY_EVERY_MS = 6 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const SETTINGS = 'notifications.settings';
const SEEN = 'notifications.seenAt';
const SENT = 'notified:';

export interface SchedulerOptions {
  estate: EstateService;
  store: AppStore;
  adapter: NotificationAdapter;
  now?: () => number;
  /** Replaces setInterval (tests drive runOnce with a manual clock instead). */
  every?: (ms: number, fn: () => void) => () => void;
}

const realEvery = (ms: number, fn: () => void) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

export class NotificationScheduler {
  private stop: (() => void) | null = null;
  private running: Promise<KeyNotification[]> | null = null;
  private openRequest: { profileId: number; keyId: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? Date.now;
  }

  settings(): NotificationSettings {
    const text = this.o.store.setting(SETTINGS);
    if (!text) return { ...DEFAULT_NOTIFICATION_SETTINGS, thresholds: [...DEFAULT_NOTIFICATION_SETTINGS.thresholds] };
    return JSON.parse(text) as NotificationSettings;
  }

  setSettings(s: NotificationSettings): NotificationSettings {
    const clean = { enabled: s.enabled, thresholds: [...new Set(s.thresholds)].sort((a, b) => b - a) };
    this.o.store.setSetting(SETTINGS, JSON.stringify(clean));
    return clean;
  }

  /** Runs now, then every 6 hours. */
  start(): void {
    if (this.stop) return;
    void this.runOnce().catch(() => {});
    this.stop = (this.o.every ?? realEvery)(NOTIFY_EVERY_MS, () => void this.runOnce().catch(() => {}));
  }

  close(): void {
    this.stop?.();
    this.stop = null;
  }

  runOnce(): Promise<KeyNotification[]> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private sentKey(r: EstateRow, threshold: number | 'inUse'): string {
    return `${SENT}${r.profileId}:${r.keyId}:${threshold}`;
  }

  private async check(): Promise<KeyNotification[]> {
    const settings = this.settings();
    if (!settings.enabled) return [];
    await this.o.estate.refresh();
    const rows = await this.o.estate.rows();
    const names = this.o.estate.names();
    const now = this.now();
    const thresholds = [...settings.thresholds].sort((a, b) => a - b);
    const inGrace = findingBit('IN_GRACE');
    const shown: KeyNotification[] = [];
    for (const r of rows) {
      if (r.expiresAt === null) continue;
      const left = r.expiresAt - now;
      const where = `${names.profile(r.profileId).name} · ${names.org(r.profileId, r.orgId)}`;
      if ((r.mask & inGrace) !== 0 && left <= HOUR && r.lastUsedAt !== null && r.lastUsedAt >= r.expiresAt - HOUR) {
        this.send(
          r,
          'inUse',
          `Key still in use: ${r.name}`,
          `${where}: used in the last hour of its grace, which ends ${new Date(r.expiresAt).toISOString()}`,
          shown,
        );
        continue;
      }
      if (r.status !== 'enabled' || r.rolled || left <= 0) continue;
      // Only the nearest threshold crossed is shown; the farther ones count as told.
      const crossed = thresholds.filter((d) => left <= d * DAY);
      if (crossed.length === 0) continue;
      const nearest = crossed[0];
      const fresh = crossed.filter((d) => !this.o.store.setting(this.sentKey(r, d)));
      if (!fresh.includes(nearest)) continue;
      for (const d of crossed) if (d !== nearest) this.o.store.setSetting(this.sentKey(r, d), '-');
      const days = Math.max(1, Math.ceil(left / DAY));
      this.send(
        r,
        nearest,
        `Key expires in ${days} day${days === 1 ? '' : 's'}: ${r.name}`,
        `${where}: ${r.start}… expires ${new Date(r.expiresAt).toISOString()}`,
        shown,
      );
    }
    return shown;
  }

  private send(r: EstateRow, threshold: number | 'inUse', title: string, body: string, shown: KeyNotification[]): void {
    const key = this.sentKey(r, threshold);
    if (this.o.store.setting(key)) return;
    const at = this.now();
    this.o.store.setSetting(key, String(at));
    const n: KeyNotification = {
      id: key.slice(SENT.length),
      profileId: r.profileId,
      keyId: r.keyId,
      threshold,
      title,
      body,
      at: new Date(at).toISOString(),
    };
    shown.push(n);
    this.o.adapter.show(n, () => {
      this.openRequest = { profileId: r.profileId, keyId: r.keyId };
    });
  }

  /** Notifications raised since the user last looked. */
  unseenCount(): number {
    const seen = Number(this.o.store.setting(SEEN) ?? 0);
    return this.o.store.settingsWithPrefix(SENT).filter((s) => Number(s.v) > seen).length;
  }

  markSeen(): void {
    this.o.store.setSetting(SEEN, String(this.now()));
  }

  /** The key a clicked notification asked to open, handed out once. */
  takeOpenRequest(): { profileId: number; keyId: number } | null {
    const r = this.openRequest;
    this.openRequest = null;
    return r;
  }
}
