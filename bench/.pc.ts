import path from 'node:path';
import { Engine } from '../src/main/engine';
import { tempDir } from './util';
const dir = tempDir();
for (let r = 0; r < 8; r++) {
  const { engine, created } = Engine.create(path.join(dir, `e${r}.db`), 'sandbox', { email: 'b@example.com' });
  const inputs = Array.from({ length: 10000 }, (_, i) => ({ orgUserId: created.orgUserId, name: `bench ${i}` }));
  const t = performance.now();
  engine.createKeys(engine.owner(), inputs);
  console.log('createKeys ms', (performance.now() - t).toFixed(1));
  engine.close();
}
