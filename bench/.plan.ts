import path from 'node:path';
import { Engine } from '../src/main/engine';
import { tempDir } from './util';
const { engine, created } = Engine.create(path.join(tempDir(), 'x.db'), 'sandbox', { email: 'b@example.com' });
const keys = (engine as any).keys;
const owner = engine.owner();
const inputs = Array.from({ length: 10000 }, (_, i) => ({ orgUserId: created.orgUserId, name: `bench ${i}` }));
for (let r = 0; r < 5; r++) {
  const rows = { membership: (id: number) => (engine as any).core.membership(id), org: (id: number) => (engine as any).core.org(id), user: (id: number) => (engine as any).core.user(id) };
  let t = performance.now();
  for (const i of inputs) keys.plan(owner, i);
  const a = performance.now() - t;
  const m = new Map(); const memo = { membership: (id: number) => m.get('m' + id) ?? (m.set('m' + id, rows.membership(id)), m.get('m' + id)), org: (id: number) => m.get('o' + id) ?? (m.set('o' + id, rows.org(id)), m.get('o' + id)), user: (id: number) => m.get('u' + id) ?? (m.set('u' + id, rows.user(id)), m.get('u' + id)) };
  t = performance.now();
  for (const i of inputs) keys.plan(owner, i, memo);
  console.log('plan unmemo', a.toFixed(1), 'memo', (performance.now() - t).toFixed(1));
}
