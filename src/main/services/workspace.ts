// Profiles and the backend of the current one. Switching closes the old backend (which
// flushes its pending writes) and forgets every one-time key still held.
import { sameTypedName } from '../../shared/text';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../shared/errors';
import type { AppSettings, Profile, Session } from '../../shared/ipc/contract';
import { APP_AUDIT_RETENTION_MAX_DAYS, AUDIT_RETENTION_DAYS_DEFAULT } from '../../shared/vocabulary';
import type { Me } from '../../shared/domain';
import type { z } from 'zod';
import type { createProfileSchema } from '../../shared/ipc/contract';
import { LocalBackend } from '../backend/local';
import { assertRemoteUrl } from '../backend/remote/serverUrl';
import type { Backend } from '../backend/types';
import { Engine } from '../engine';
import type { AppStore, StoredProfile } from './appStore';
import { seedDemoData } from './demoData';
import type { KeychainService } from './keychain';
import type { OneTimeSecrets } from './oneTimeSecrets';

const RETENTION_SETTING = 'auditRetentionDays';

export type CreateProfileInput = z.output<typeof createProfileSchema>;

/** Opens a remote profile's backend; supplied by the remote module so this file stays transport-free. */
export type RemoteOpener = (profile: StoredProfile, credential: string) => Promise<Backend>;

const FIRST_PROFILE_NAME = 'Local sandbox';
const OWNER = { email: 'owner@keywarden.local', firstName: 'Local', lastName: 'Owner', orgName: 'Default' };

export interface WorkspaceOptions {
  dataDir: string;
  store: AppStore;
  keychain: KeychainService;
  secrets: OneTimeSecrets;
  openRemote?: RemoteOpener;
  nativeBinding?: string;
  /** The local engines' clock; absent, the real one. */
  now?: () => number;
}

const publicProfile = ({ dbFile: _ignored, ...p }: StoredProfile): Profile => p;

export class Workspace {
  private current: { profile: StoredProfile; backend: Backend } | null = null;
  private opening: Promise<{ profile: StoredProfile; backend: Backend }> | null = null;

  constructor(private readonly o: WorkspaceOptions) {
    fs.mkdirSync(this.profilesDir, { recursive: true });
  }

  private get profilesDir(): string {
    return path.join(this.o.dataDir, 'profiles');
  }

  /** First start: a local sandbox with demo data, so there is something to look at. */
  ensureFirstProfile(): void {
    if (this.o.store.listProfiles().length > 0 || this.o.store.setting('initialised') === '1') return;
    const p = this.createLocal({ backend: 'local', name: FIRST_PROFILE_NAME, environment: 'sandbox', demoData: true });
    this.o.store.setSetting('currentProfileId', String(p.id));
    this.o.store.setSetting('initialised', '1');
  }

  listProfiles(): { profiles: Profile[]; currentId: number | null } {
    const current = this.o.store.setting('currentProfileId');
    return { profiles: this.o.store.listProfiles().map(publicProfile), currentId: current ? Number(current) : null };
  }

  private createLocal(input: Extract<CreateProfileInput, { backend: 'local' }>): StoredProfile {
    const file = path.join(this.profilesDir, `${randomUUID()}.db`);
    Engine.createForOwner(file, input.environment, OWNER, { nativeBinding: this.o.nativeBinding }).close();
    try {
      if (input.demoData) seedDemoData(file, { nativeBinding: this.o.nativeBinding });
      return this.o.store.addProfile({
        name: input.name,
        environment: input.environment,
        backend: 'local',
        dbFile: file,
      });
    } catch (e) {
      removeDbFiles(file);
      throw e;
    }
  }

  async createProfile(input: CreateProfileInput): Promise<Profile> {
    if (input.backend === 'local') return publicProfile(this.createLocal(input));
    assertRemoteUrl(input.url, input.environment);
    const p = this.o.store.addProfile({
      name: input.name,
      environment: input.environment,
      backend: 'remote',
      url: input.url,
    });
    try {
      await this.o.keychain.setCredential(p.id, input.credential);
    } catch (e) {
      this.o.store.deleteProfile(p.id);
      throw e;
    }
    return publicProfile(this.o.store.profile(p.id));
  }

  async updateProfile(input: { id: number; name?: string; url?: string; credential?: string }): Promise<Profile> {
    const p = this.o.store.profile(input.id);
    if ((input.url !== undefined || input.credential !== undefined) && p.backend !== 'remote') {
      throw new KeywardenError('BAD_REQUEST', 'only remote profiles have a URL and a credential');
    }
    if (input.url !== undefined) assertRemoteUrl(input.url, p.environment);
    if (input.credential !== undefined) await this.o.keychain.setCredential(p.id, input.credential);
    const updated = this.o.store.updateProfile(p.id, { name: input.name, url: input.url });
    if (this.current?.profile.id === p.id) {
      // A new URL or credential takes effect now; a rename just updates what we show.
      if (input.url !== undefined || input.credential !== undefined) await this.closeCurrent();
      else this.current.profile = updated;
    }
    return publicProfile(updated);
  }

  async deleteProfile(id: number, confirm: string): Promise<void> {
    const p = this.o.store.profile(id);
    if (!sameTypedName(confirm, p.name))
      throw new KeywardenError('BAD_REQUEST', `type the profile's name "${p.name}" to delete it`);
    if (this.current?.profile.id === id) await this.closeCurrent();
    await this.o.keychain.forgetProfile(id);
    this.o.store.deleteProfile(id);
    if (p.dbFile) removeDbFiles(p.dbFile);
  }

  /**
   * Opens the new profile and asks it who we are before letting go of the current one: a
   * switch to a server that is down fails and leaves the open profile open and current.
   */
  async switchTo(id: number): Promise<Session> {
    const profile = this.o.store.profile(id);
    const backend = await this.openBackend(profile);
    let me;
    try {
      me = await backend.whoami();
    } catch (e) {
      await backend.close();
      throw e;
    }
    await this.closeCurrent();
    this.current = { profile, backend };
    this.o.store.setSetting('currentProfileId', String(profile.id));
    return sessionOf(profile, me);
  }

  /** The current profile and its backend, opened on first use. */
  async active(): Promise<{ profile: StoredProfile; backend: Backend }> {
    if (this.current) return this.current;
    if (this.opening) return this.opening;
    this.opening = this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async open(): Promise<{ profile: StoredProfile; backend: Backend }> {
    const id = this.o.store.setting('currentProfileId');
    const profile = id ? this.o.store.profile(Number(id)) : this.o.store.listProfiles()[0];
    if (!profile) throw new KeywardenError('NOT_FOUND', 'there is no profile yet: create one');
    const backend = await this.openBackend(profile);
    this.current = { profile, backend };
    return this.current;
  }

  private async openBackend(profile: StoredProfile): Promise<Backend> {
    if (profile.backend === 'local') {
      if (!profile.dbFile) throw new KeywardenError('NOT_FOUND', `profile "${profile.name}" has no database`);
      return new LocalBackend(
        Engine.open(profile.dbFile, {
          nativeBinding: this.o.nativeBinding,
          now: this.o.now,
          auditRetentionDays: this.appSettings().auditRetentionDays,
        }),
      );
    }
    if (!this.o.openRemote) throw new KeywardenError('UNAVAILABLE', 'remote profiles are not available in this build');
    const credential = await this.o.keychain.getCredential(profile.id);
    if (!credential)
      throw new KeywardenError(
        'NOT_FOUND',
        `profile "${profile.name}" has no credential in the OS keychain (or the keyring is locked): unlock your keyring, or edit the profile and paste the key again`,
      );
    return this.o.openRemote(profile, credential);
  }

  /**
   * Opens a profile as this process's current one without making it the app's current
   * profile (the CLI's --profile must not switch the desktop app's view).
   */
  async openForThisProcess(id: number): Promise<Backend> {
    const profile = this.o.store.profile(id);
    const backend = await this.openBackend(profile);
    await this.closeCurrent();
    this.current = { profile, backend };
    return backend;
  }

  /** The app's settings, from its own database; retention defaults as `keywarden serve` does. */
  appSettings(): AppSettings {
    const stored = Number(this.o.store.setting(RETENTION_SETTING));
    const ok = Number.isInteger(stored) && stored >= 1 && stored <= APP_AUDIT_RETENTION_MAX_DAYS;
    return { auditRetentionDays: ok ? stored : AUDIT_RETENTION_DAYS_DEFAULT };
  }

  /** Saves the settings; an open local profile is reopened so its engine prunes by the new period now. */
  async setAppSettings(s: AppSettings): Promise<AppSettings> {
    const days = s.auditRetentionDays;
    if (!Number.isInteger(days) || days < 1 || days > APP_AUDIT_RETENTION_MAX_DAYS)
      throw new KeywardenError(
        'BAD_REQUEST',
        `auditRetentionDays must be an integer from 1 to ${APP_AUDIT_RETENTION_MAX_DAYS}`,
      );
    this.o.store.setSetting(RETENTION_SETTING, String(days));
    if (this.current?.profile.backend === 'local') await this.closeCurrent();
    return this.appSettings();
  }

  async session(): Promise<Session> {
    const { profile, backend } = await this.active();
    return sessionOf(profile, await backend.whoami());
  }

  async backend(): Promise<Backend> {
    return (await this.active()).backend;
  }

  async closeCurrent(): Promise<void> {
    this.o.secrets.forgetAll();
    const c = this.current;
    this.current = null;
    if (c) await c.backend.close();
  }
}

const sessionOf = (profile: StoredProfile, me: Me): Session => ({
  profile: publicProfile(profile),
  me,
  isSuperAdmin: me.isSuperAdmin,
  canImpersonate: me.isSuperAdmin,
});

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}
