// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { api, createApi } from '../../../src/renderer/api/client';
import { ApiError, describeError } from '../../../src/renderer/api/errors';
import type { TestApp } from '../../support/mainServices';
import { installRealBridge, removeBridge } from './support/realBridge';

let app: TestApp | null = null;
afterEach(async () => {
  removeBridge();
  await app?.close();
  app = null;
});

describe('renderer api client', () => {
  it('unwraps values and turns error envelopes into ApiError with main’s code', async () => {
    app = await installRealBridge();
    const { profiles } = await api.listProfiles();
    expect(profiles[0].name).toBe('Local sandbox');
    const err = await api.deleteKey({ id: 999_999 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect(describeError(err)).toMatch(/\(NOT_FOUND\)$/);
    // Bad input is refused by main's schema, not crashed on.
    await expect(api.listKeys({} as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('says UNAVAILABLE when there is no bridge or the bridge throws, and BAD_RESPONSE for a malformed reply', async () => {
    await expect(createApi(() => undefined).listOrgs()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const throwing = createApi(() => ({ listOrgs: () => Promise.reject(new Error('boom')) }) as never);
    await expect(throwing.listOrgs()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const odd = createApi(() => ({ listOrgs: () => Promise.resolve({ nope: 1 }) }) as never);
    await expect(odd.listOrgs()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('never shows internals of unknown throwables', () => {
    expect(describeError(new Error('/home/user/secret path'))).toBe('Something went wrong. Please try again.');
  });
});
