// Issue 8 item 7: a held key leaves memory when its time is up, by its own timer, whether
// or not anything touches the store (the sweep used to run only on the next hold or get).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OneTimeSecrets, type SecretClock } from '../../../src/main/services/oneTimeSecrets';

const held = (secret = 'kw_test_not-a-real-key') => ({
  secret,
  profileId: 1,
  keyId: 2,
  keyName: 'k',
  orgId: 3,
  replacesKeyId: null,
});

/** A clock the test moves, with timers the test fires. */
function manualClock() {
  let now = 1_000_000;
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  const clock: SecretClock = {
    now: () => now,
    after(ms, fn) {
      const t = { at: now + ms, fn, cancelled: false };
      timers.push(t);
      return () => {
        t.cancelled = true;
      };
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0)) {
        if (t.cancelled) continue;
        if (t.at <= now) t.fn();
        else timers.push(t);
      }
    },
    /** Fires every pending timer now, whatever its time (a timer firing early). */
    fireAll() {
      for (const t of timers.splice(0)) if (!t.cancelled) t.fn();
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}

describe('issue 8 item 7: one-time keys expire by their own timer', () => {
  it('a real timer removes an untouched key (nothing calls hold or get)', async () => {
    const store = new OneTimeSecrets({ ttlMs: 25 });
    store.hold(held());
    expect(store.size).toBe(1);
    await vi.waitFor(() => expect(store.size).toBe(0), { timeout: 10_000, interval: 10 });
  });

  it('with an injected clock: gone at 15 minutes, not before; an early timer re-arms', () => {
    const m = manualClock();
    const store = new OneTimeSecrets({ clock: m.clock });
    const h = store.hold(held());
    m.advance(15 * 60 * 1000 - 1);
    expect(store.size).toBe(1);
    expect(store.get(h).secret).toBe('kw_test_not-a-real-key');
    m.fireAll();
    expect(store.size).toBe(1);
    expect(m.pending()).toBe(1);
    m.advance(1);
    expect(store.size).toBe(0);
    expect(m.pending()).toBe(0);
    expect(() => store.get(h)).toThrow(/no longer held/);
    expect(store.peek(h)).toBeNull();
  });

  it('forget and forgetAll cancel the timers they no longer need', () => {
    const m = manualClock();
    const store = new OneTimeSecrets({ clock: m.clock });
    const a = store.hold(held('a'));
    store.hold(held('b'));
    store.hold(held('c'));
    expect(m.pending()).toBe(3);
    store.forget(a);
    expect(m.pending()).toBe(2);
    expect(store.peek(a)).toBeNull();
    store.forgetAll();
    expect(m.pending()).toBe(0);
    expect(store.size).toBe(0);
  });

  it('the timer does not keep the process alive (unref): a process holding a key exits at once', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      const { OneTimeSecrets } = require('./src/main/services/oneTimeSecrets');
      new OneTimeSecrets().hold({ secret: 's', profileId: 1, keyId: 1, keyName: 'k', orgId: 1, replacesKeyId: null });
      console.log('held');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim()).toBe('held');
    expect(r.status).toBe(0);
  });
});
