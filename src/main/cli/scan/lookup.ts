// What scan knows about a found key: whether it belongs to one of this data dir's local
// profiles and whether it still works. Looked up by digest in each profile's engine, the
// same store and engine the app opens; the raw key never leaves this process.
import fs from 'node:fs';
import path from 'node:path';
import type { Environment } from '../../../shared/domain';
import { Engine } from '../../engine';
import { AppStore, type StoredProfile } from '../../services/appStore';
import { APP_DB } from '../dataDir';

export interface Owner {
  profile: string;
  profileId: number;
  profileEnvironment: Environment;
  org: string;
  orgId: number;
  keyId: number;
  keyName: string;
  works: boolean;
  /** Why it does not work: REVOKED, DISABLED, EXPIRED, … */
  state: string;
}

export class KeyLookup {
  private readonly profiles: StoredProfile[];
  private readonly engines = new Map<number, Engine>();

  constructor(dataDir: string) {
    const file = path.join(dataDir, APP_DB);
    // No app database yet: nothing is known, and scanning must not create one.
    if (!fs.existsSync(file)) {
      this.profiles = [];
      return;
    }
    const store = new AppStore(file);
    try {
      this.profiles = store.listProfiles().filter((p) => p.backend === 'local' && p.dbFile);
    } finally {
      store.close();
    }
  }

  private engine(p: StoredProfile): Engine {
    let e = this.engines.get(p.id);
    if (!e) {
      e = Engine.open(p.dbFile!, { background: false });
      this.engines.set(p.id, e);
    }
    return e;
  }

  find(raw: string): Owner | null {
    for (const p of this.profiles) {
      const engine = this.engine(p);
      const id = engine.keyIdOf(raw);
      if (id === null) continue;
      const owner = engine.owner();
      const key = engine.keys.get(owner, id);
      const org = engine.directory.getOrg(owner, key.orgId);
      const check = engine.checkKey(raw);
      return {
        profile: p.name,
        profileId: p.id,
        profileEnvironment: p.environment,
        org: org.name,
        orgId: org.id,
        keyId: id,
        keyName: key.name,
        works: check.valid,
        state: check.valid ? 'WORKS' : check.code,
      };
    }
    return null;
  }

  /** Revokes (deletes) the key in its profile, as the app's delete does. */
  revoke(o: Owner): void {
    const p = this.profiles.find((x) => x.id === o.profileId)!;
    const engine = this.engine(p);
    engine.keys.remove(engine.owner(), o.keyId);
  }

  close(): void {
    for (const e of this.engines.values()) e.close();
    this.engines.clear();
  }
}
