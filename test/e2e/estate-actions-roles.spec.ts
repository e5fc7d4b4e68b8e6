// The estate table's "set expiry" and "roll" (docs/estate.md) as each role meets them on a
// remote profile backed by a real `keywarden serve`: a member whose org lets members manage
// their own keys, an org admin and an org key. An action is offered only when every
// selected key allows it to that profile's credential (src/shared/estateActions.ts: rules
// 2, 4, 15, 17), and each one offered succeeds, as the Core API then says. Disable and
// delete per role are in estate-roles.spec.ts.
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { closeRotation, expect, test } from './fixtures';
import { NOT_PRIVATE_REASON, PRIVATE_KEYRING } from './support-core';
import {
  addRemoteProfile,
  discardOneTime,
  estateRow,
  forgetCredentials,
  runEstateBulk,
  serveOrg,
  showEstateProfile,
  type MintedKey,
  type ServedOrg,
} from './support-roles';

test.skip(!PRIVATE_KEYRING, NOT_PRIVATE_REASON);

const DAY = 24 * 3600 * 1000;

let core: ServedOrg | null = null;
const keys: Record<string, MintedKey> = {};

// What each profile lists: a member their own keys, an admin and the org key the whole org.
const MEMBER_SEES = ['member credential', 'member spare', 'member laptop', 'member impersonator'];
const ORG_SEES = [
  ...MEMBER_SEES,
  'admin credential',
  'admin spare',
  'admin impersonator',
  'site credential',
  'org spare',
  'root key',
];

test.beforeAll(async () => {
  core = await serveOrg({ name: 'Estate Actions Co', allowUserKeys: true });
  const { add, mint, orgId } = core;
  const member = await add('member@estate-actions.example', 'member');
  const admin = await add('admin@estate-actions.example', 'admin');
  const root = await add('root@example.com', 'admin');
  const owned = async (names: string[], input: object) => {
    for (const name of names) keys[name] = await mint({ name, ...input });
  };
  await owned(['member credential', 'member spare', 'member laptop'], { orgUserId: member });
  await owned(['member impersonator'], { orgUserId: member, canImpersonate: true });
  await owned(['admin credential', 'admin spare'], { orgUserId: admin });
  await owned(['admin impersonator'], { orgUserId: admin, canImpersonate: true });
  await owned(['site credential', 'org spare'], { orgId, kind: 'org' });
  await owned(['root key'], { orgUserId: root });
});

test.afterAll(async () => {
  await core?.stop();
  core = null;
});

test.afterEach(forgetCredentials);

const getKey = (name: string) => core!.http('GET', `/user/apiKey/${keys[name].id}`);
const button = (app: Page, name: string) =>
  app.getByTestId('estate-table-view').getByRole('button', { name, exact: true });

async function select(app: Page, profile: string, names: string[], on = true) {
  for (const name of names) await estateRow(app, profile, keys[name].id).getByRole('checkbox').setChecked(on);
}

/** Which of set expiry and roll the table offers for this selection. */
async function expectOffered(app: Page, o: { setExpiry: boolean; roll: boolean }) {
  await expect(button(app, 'Set expiry')).toBeEnabled({ enabled: o.setExpiry });
  await expect(button(app, 'Roll')).toBeEnabled({ enabled: o.roll });
}

/** Sets the expiry of the selected keys to `days` from now; checks each through the Core API. */
async function setExpiry(app: Page, names: string[], days: number) {
  const d = new Date(Date.now() + days * DAY);
  const pad = (n: number) => String(n).padStart(2, '0');
  // datetime-local reads local time, as the user typed it; the browser says what instant that is.
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  await app.getByTestId('estate-table-view').getByLabel('Expiry', { exact: true }).fill(local);
  const want = await app.evaluate((v) => new Date(v).toISOString(), local);
  await runEstateBulk(app, 'Set expiry', names.length);
  for (const name of names) expect((await getKey(name)).expiresAt, name).toBe(want);
}

/** Rolls the selected key: its new key is shown once; the Core API has it rolled. */
async function roll(app: Page, name: string) {
  await runEstateBulk(app, 'Roll');
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toContainText(name);
  const old = await getKey(name);
  expect(old.rolledTo).not.toBeNull();
  const next = await core!.http('GET', `/user/apiKey/${old.rolledTo}`);
  await expect(modal).toContainText(next.start);
  await discardOneTime(app);
  // Then the run's rotation, as after a roll in the keys view. The key may be another
  // profile's than the open one: the view then names it and where to act on it.
  const view = app.getByTestId('rotation-view');
  await expect(view.getByRole('heading', { name: 'Rotations of this bulk roll' })).toBeVisible();
  await expect(view).toContainText(name);
  await expect(view).toContainText(old.start);
  await closeRotation(app);
}

test('rules 2, 4, 15 and 17: set expiry and roll in the estate are offered per role and succeed when offered', async ({
  app,
  call,
  harness,
}) => {
  for (const [name, credential] of [
    ['as member', 'member credential'],
    ['as admin', 'admin credential'],
    ['as org key', 'site credential'],
  ])
    await addRemoteProfile(call, harness.services.installId, {
      url: core!.server.url,
      name,
      credential: keys[credential].apiKey,
    });
  await app.getByTestId('open-overview').click();
  await app.getByTestId('overview').getByRole('button', { name: 'All keys' }).click();

  // A member: their own key, both offered; an impersonating key of theirs is not theirs to roll (rule 4).
  await showEstateProfile(app, 'as member', MEMBER_SEES.length);
  await select(app, 'as member', ['member spare']);
  await expectOffered(app, { setExpiry: true, roll: true });
  await setExpiry(app, ['member spare'], 10);
  await select(app, 'as member', ['member spare']);
  await roll(app, 'member spare');
  // Rolled and in its grace: only delete is left (rule 15).
  await select(app, 'as member', ['member spare']);
  await expectOffered(app, { setExpiry: false, roll: false });
  await expect(button(app, 'Delete')).toBeEnabled();
  await select(app, 'as member', ['member spare'], false);
  await select(app, 'as member', ['member impersonator']);
  await expectOffered(app, { setExpiry: true, roll: false });
  await expectAccessible(app, 'estate table with roll not offered');
  await setExpiry(app, ['member impersonator'], 20);

  // An org admin: a member's key and their own; with an impersonating key in the selection,
  // roll is withheld for all of it, set expiry is not. The super admin's key is read-only (rule 17).
  // Each roll adds the replacement key to what the profiles list.
  await showEstateProfile(app, 'as admin', ORG_SEES.length + 1);
  await expect(estateRow(app, 'as admin', keys['root key'].id).getByTestId('estate-readonly')).toBeVisible();
  await select(app, 'as admin', ['admin spare', 'admin impersonator']);
  await expectOffered(app, { setExpiry: true, roll: false });
  await setExpiry(app, ['admin spare', 'admin impersonator'], 30);
  await select(app, 'as admin', ['member laptop']);
  await expectOffered(app, { setExpiry: true, roll: true });
  await roll(app, 'member laptop');

  // An org key: an admin of its org, the org's own keys included (rule 3).
  await showEstateProfile(app, 'as org key', ORG_SEES.length + 2);
  await select(app, 'as org key', ['org spare']);
  await expectOffered(app, { setExpiry: true, roll: true });
  await setExpiry(app, ['org spare'], 40);
  await select(app, 'as org key', ['org spare']);
  await roll(app, 'org spare');
  await select(app, 'as org key', ['admin impersonator']);
  await expectOffered(app, { setExpiry: true, roll: false });
  await select(app, 'as org key', ['admin impersonator'], false);
  expect((await getKey('root key')).expiresAt).toBeNull();
  await expect(app.locator('.toast-error')).toHaveCount(0);
});
