// The keytar SecretStore against a real (private) gnome-keyring, checked with secret-tool.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';
import { secretToolLookup, secretToolSearch, secretToolStore, usePrivateKeyring } from './privateKeyring';

const unique = (): string => randomBytes(6).toString('hex');

describe('keytar SecretStore on a real Secret Service', () => {
  const store = createKeytarStore();
  beforeAll(usePrivateKeyring);

  it('stores a secret that secret-tool finds by service and account, under the generic schema', async () => {
    const service = `keywarden/store-${unique()}/Acme`;
    await store.set(service, 'ci key (#7)', 'kw-secret-value-1');
    expect(secretToolLookup(service, 'ci key (#7)')).toBe('kw-secret-value-1');
    expect(await store.get(service, 'ci key (#7)')).toBe('kw-secret-value-1');
    const found = secretToolSearch(service);
    expect(found.accounts).toEqual(['ci key (#7)']);
    expect(found.items).toHaveLength(1);
    expect(found.items[0].label).toBe(`${service}/ci key (#7)`);
    expect(found.items[0].schema).toBe('org.freedesktop.Secret.Generic');
  });

  it('reads what another Secret Service client stored', async () => {
    const service = `keywarden/interop-${unique()}/Acme`;
    secretToolStore(service, 'from outside', 'written-by-secret-tool');
    expect(await store.get(service, 'from outside')).toBe('written-by-secret-tool');
  });

  it('answers null for an entry that does not exist', async () => {
    expect(await store.get(`keywarden/none-${unique()}/Acme`, 'nothing (#1)')).toBeNull();
  });

  it('overwrites in place: one item, the newest secret', async () => {
    const service = `keywarden/overwrite-${unique()}/Acme`;
    await store.set(service, 'k (#1)', 'first');
    await store.set(service, 'k (#1)', 'second');
    expect(secretToolLookup(service, 'k (#1)')).toBe('second');
    expect(secretToolSearch(service).items).toHaveLength(1);
  });

  it('lists the accounts of exactly one service, never of a sibling or a longer name', async () => {
    const base = `keywarden/list-${unique()}`;
    await store.set(`${base}/Acme`, 'b (#2)', 's2');
    await store.set(`${base}/Acme`, 'a (#1)', 's1');
    await store.set(`${base}/Acme Corp`, 'c (#3)', 's3');
    await store.set(`${base}/Acm`, 'd (#4)', 's4');
    expect(await store.accounts(`${base}/Acme`)).toEqual(['a (#1)', 'b (#2)']);
    expect(await store.accounts(`${base}/Nobody`)).toEqual([]);
  });

  it('deletes: true when something was removed, then false; secret-tool no longer finds it', async () => {
    const service = `keywarden/delete-${unique()}/Acme`;
    await store.set(service, 'gone (#1)', 'to-delete');
    await store.set(service, 'stays (#2)', 'to-keep');
    expect(await store.delete(service, 'gone (#1)')).toBe(true);
    expect(await store.delete(service, 'gone (#1)')).toBe(false);
    expect(secretToolLookup(service, 'gone (#1)')).toBeNull();
    expect(secretToolLookup(service, 'stays (#2)')).toBe('to-keep');
  });

  it('keeps unicode service, account and secret intact', async () => {
    const service = `keywarden/Prüfung 日本 🔑 ${unique()}/Café Ünïcødé 🚀`;
    const account = 'clé 日本語 🔐 (#42)';
    const secret = 'sécret-日本-🗝️';
    await store.set(service, account, secret);
    expect(secretToolLookup(service, account)).toBe(secret);
    expect(await store.get(service, account)).toBe(secret);
    expect(await store.accounts(service)).toEqual([account]);
  });

  it('refuses empty names and an empty secret with BAD_REQUEST, storing nothing', async () => {
    const service = `keywarden/empty-${unique()}/Acme`;
    await expect(store.set(service, 'k (#1)', '')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(store.set('', 'k (#1)', 'x')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(store.set(service, '', 'x')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(store.get(service, '')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(store.delete('', 'k')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(store.accounts('')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(secretToolSearch(service).items).toHaveLength(0);
  });
});
