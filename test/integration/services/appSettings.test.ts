// docs/usage-and-rotation.md "Bounded audit storage", in the app: local profiles keep per-call
// audit events for the app's retention setting — 90 days by default, as `keywarden serve` —
// and the setting takes 1 to 3650 days; the open local profile's engine uses it at once.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('audit retention for local profiles (app settings)', () => {
  it('defaults to 90 days, the engine of the open local profile uses it, and a change applies at once', async () => {
    app = await startTestApp();
    expect(await app.call('appSettings')).toEqual({ auditRetentionDays: 90 });
    expect((await app.call('verifyAudit')).retentionDays).toBe(90);
    expect(await app.call('setAppSettings', { auditRetentionDays: 30 })).toEqual({ auditRetentionDays: 30 });
    expect((await app.call('verifyAudit')).retentionDays).toBe(30);
    expect(await app.call('appSettings')).toEqual({ auditRetentionDays: 30 });
  });

  it('refuses anything but a whole number of days from 1 to 3650 (BAD_REQUEST), changing nothing', async () => {
    app = await startTestApp();
    for (const bad of [0, 3651, 1.5, -1, '30', null, undefined])
      expect((await app.fail('setAppSettings', { auditRetentionDays: bad })).code).toBe('BAD_REQUEST');
    expect((await app.fail('setAppSettings', { auditRetentionDays: 30, extra: 1 })).code).toBe('BAD_REQUEST');
    expect(await app.call('setAppSettings', { auditRetentionDays: 3650 })).toEqual({ auditRetentionDays: 3650 });
    expect(await app.call('setAppSettings', { auditRetentionDays: 1 })).toEqual({ auditRetentionDays: 1 });
    expect(await app.call('appSettings')).toEqual({ auditRetentionDays: 1 });
  });
});
