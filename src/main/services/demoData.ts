// Demo data for the first start: two orgs, six people, keys in every status, so a new
// user sees a working app at once. Written through the engine's own API.
import { Engine } from '../engine';

const DAY = 86_400_000;

export function seedDemoData(file: string, opts: { nativeBinding?: string } = {}): void {
  const realNow = Date.now();
  // An engine whose clock runs 60 days behind lets us mint keys that have since expired,
  // without touching the database behind the engine's back.
  const past = Engine.open(file, { nativeBinding: opts.nativeBinding, now: () => realNow - 60 * DAY });
  try {
    const owner = past.owner();
    const acmeId = past.directory.listOrgs(owner).items[0].id;
    past.directory.updateOrg(owner, acmeId, { name: 'Acme Corp', allowUserKeys: true });
    const globex = past.directory.createOrg(owner, { name: 'Globex', allowUserKeys: false });
    const people = [
      { org: acmeId, email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace', role: 'admin' as const },
      { org: acmeId, email: 'grace@acme.example', firstName: 'Grace', lastName: 'Hopper', role: 'member' as const },
      { org: acmeId, email: 'alan@acme.example', firstName: 'Alan', lastName: 'Turing', role: 'member' as const },
      { org: globex.id, email: 'hank@globex.example', firstName: 'Hank', lastName: 'Scorpio', role: 'admin' as const },
      {
        org: globex.id,
        email: 'homer@globex.example',
        firstName: 'Homer',
        lastName: 'Simpson',
        role: 'member' as const,
      },
      { org: globex.id, email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace', role: 'member' as const },
    ];
    const added = people.map((p) =>
      past.directory.addMember(owner, p.org, {
        email: p.email,
        firstName: p.firstName,
        lastName: p.lastName,
        role: p.role,
      }),
    );
    const alan = added[2];
    past.keys.create(owner, {
      orgUserId: alan.id,
      name: 'Old migration script',
      expiresAt: new Date(realNow - 5 * DAY).toISOString(),
    });
  } finally {
    past.close();
  }

  const engine = Engine.open(file, { nativeBinding: opts.nativeBinding });
  try {
    const owner = engine.owner();
    const orgs = engine.directory.listOrgs(owner).items;
    const [acme, globex] = orgs;
    const member = (orgId: number, email: string) =>
      engine.directory.listMembers(owner, orgId).items.find((x) => x.user.email === email)!;
    const ada = member(acme.id, 'ada@acme.example');
    const grace = member(acme.id, 'grace@acme.example');
    const alan = member(acme.id, 'alan@acme.example');
    const hank = member(globex.id, 'hank@globex.example');
    const homer = member(globex.id, 'homer@globex.example');

    const ci = engine.keys.create(owner, {
      orgUserId: ada.id,
      name: 'CI deploy',
      description: 'Used by the release pipeline',
      scopes: ['rest', 'integration'],
    });
    engine.keys.create(owner, {
      orgUserId: ada.id,
      name: 'Support impersonation',
      scopes: ['rest'],
      canImpersonate: true,
    });
    engine.keys.create(owner, {
      orgUserId: grace.id,
      name: 'Reporting (read-only)',
      scopes: ['rest'],
      readOnly: true,
      expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    const paused = engine.keys.create(owner, {
      orgUserId: grace.id,
      name: 'Paused integration',
      scopes: ['rest', 'integration'],
    });
    engine.keys.update(owner, paused.id, { status: 'disabled' });
    const leaked = engine.keys.create(owner, { orgUserId: alan.id, name: 'Leaked laptop key' });
    engine.keys.remove(owner, leaked.id);
    engine.keys.create(owner, { orgId: acme.id, kind: 'org', name: 'Acme site-wide sync', scopes: ['rest'] });
    const nightly = engine.keys.create(owner, { orgUserId: hank.id, name: 'Nightly export', scopes: ['rest'] });
    engine.keys.roll(owner, nightly.id, { gracePeriodSeconds: 7 * 24 * 3600 });
    engine.keys.create(owner, { orgUserId: homer.id, name: 'UI login', scopes: ['ui'] });
    // Some keys have been used, so "last used" means something.
    engine.authenticate(ci.apiKey, { method: 'GET', scope: 'rest' });
    engine.me(engine.authenticate(ci.apiKey, { method: 'GET', scope: 'rest' }));
    // A month of traffic for the CI key, so its sparkline and chart show something.
    const today = Math.floor(Date.now() / DAY) * DAY;
    for (let d = 1; d < 30; d++)
      engine.recordUsage(ci.id, today - d * DAY + 12 * 3600 * 1000, 40 + ((d * 37) % 60), d % 7 === 0 ? 3 : 0);
  } finally {
    engine.close();
  }
}
