// What the app keeps in the OS keychain: keys the user chose to export from the one-time
// display, and remote profiles' credentials. The app database remembers only where an export
// went (service + account), so the keys table can show it and removal can find it.
import { randomBytes } from 'node:crypto';
import { KeywardenError } from '../../shared/errors';
import type { KeychainExport } from '../../shared/ipc/contract';
import { parseKey } from '../../shared/keyFormat';
import {
  CREDENTIALS_SERVICE,
  credentialAccount,
  exportAccount,
  exportService,
  legacyCredentialAccount,
  type SecretStore,
} from '../secrets/types';
import type { AppStore } from './appStore';

interface Named {
  id: number;
  name: string;
}

const INSTALL_ID = 'installId';
const CREDENTIALS_MIGRATED = 'credentialAccountsMigrated';
const EXPORTS_MIGRATED = 'exportServicesMigrated';

export class KeychainService {
  /** This data dir's identity in the keychain, made once and kept in its app database. */
  readonly installId: string;

  constructor(
    private readonly store: AppStore,
    private readonly secrets: SecretStore,
  ) {
    let id = store.setting(INSTALL_ID);
    if (!id) {
      id = randomBytes(8).toString('hex');
      store.setSetting(INSTALL_ID, id);
    }
    this.installId = id;
  }

  private account(profileId: number): string {
    return credentialAccount(profileId, this.installId);
  }

  /**
   * Moves credentials saved under the old, data-dir-blind account (`profile-<id>`) to this
   * data dir's account. The first data dir to start claims an old entry and removes it, so
   * no second data dir can pick up (and send to its own server) a credential that may have
   * been written by another; a data dir that finds none asks for the credential again.
   * Runs until every profile that has a credential has its new entry (a locked keyring
   * answers "none", so it is retried on the next start).
   */
  async migrateLegacyCredentials(): Promise<number[]> {
    if (this.store.setting(CREDENTIALS_MIGRATED) === '1') return [];
    const moved: number[] = [];
    let pending = 0;
    for (const p of this.store.listProfiles().filter((x) => x.hasCredential)) {
      if ((await this.secrets.get(CREDENTIALS_SERVICE, this.account(p.id))) !== null) continue;
      const legacy = legacyCredentialAccount(p.id);
      const old = await this.secrets.get(CREDENTIALS_SERVICE, legacy);
      if (old === null) {
        pending++;
        continue;
      }
      await this.secrets.set(CREDENTIALS_SERVICE, this.account(p.id), old);
      await this.secrets.delete(CREDENTIALS_SERVICE, legacy);
      moved.push(p.id);
    }
    if (pending === 0) this.store.setSetting(CREDENTIALS_MIGRATED, '1');
    return moved;
  }

  /**
   * Moves keys saved under the old, data-dir-blind service (`keywarden/<profile>/<org>`) to
   * this data dir's service (`…@<install id>`), keeping the account, and updates the records.
   * As with credentials, the first data dir to start claims an old entry and removes it; an
   * entry not found (already claimed, removed by hand, or a locked keyring) is retried on the
   * next start until every record has moved.
   */
  async migrateLegacyExports(): Promise<number> {
    if (this.store.setting(EXPORTS_MIGRATED) === '1') return 0;
    const suffix = `@${this.installId}`;
    let moved = 0;
    let pending = 0;
    for (const p of this.store.listProfiles()) {
      for (const e of this.store.exports(p.id)) {
        if (e.service.endsWith(suffix)) continue;
        const secret = await this.secrets.get(e.service, e.account);
        if (secret === null) {
          pending++;
          continue;
        }
        const service = `${e.service}${suffix}`;
        await this.secrets.set(service, e.account, secret);
        this.store.recordExport({ profileId: p.id, keyId: e.keyId, orgId: e.orgId, service, account: e.account });
        await this.secrets.delete(e.service, e.account);
        moved++;
      }
    }
    if (pending === 0) this.store.setSetting(EXPORTS_MIGRATED, '1');
    return moved;
  }

  /**
   * Saves a freshly shown key. With `replacesKeyId` (after a roll) the old key's entry and
   * record go once the new one is safely stored, so a failure never leaves neither.
   */
  async exportKey(
    profile: Named,
    org: Named,
    key: Named,
    rawKey: string,
    replacesKeyId?: number,
  ): Promise<KeychainExport> {
    this.store.profile(profile.id);
    const parsed = parseKey(rawKey);
    if (!parsed.ok)
      throw new KeywardenError(
        'BAD_REQUEST',
        `only a Keywarden API key can be saved to the keychain: ${parsed.reason}`,
      );

    const service = exportService(profile.name, org.name, this.installId);
    const account = exportAccount(key.name, key.id);
    const previous = this.store.export(profile.id, key.id);
    await this.secrets.set(service, account, rawKey.trim());
    const saved = this.store.recordExport({ profileId: profile.id, keyId: key.id, orgId: org.id, service, account });

    // A profile or org renamed since an earlier export of this key would leave a stray entry.
    if (previous && (previous.service !== service || previous.account !== account)) {
      await this.secrets.delete(previous.service, previous.account);
    }
    if (replacesKeyId !== undefined && replacesKeyId !== key.id && this.store.export(profile.id, replacesKeyId)) {
      await this.removeExport(profile.id, replacesKeyId);
    }
    return saved;
  }

  /**
   * After a roll from the app: the entry saved for the old key now holds the new raw key
   * (from the roll reply, never read back from anywhere), and its record moves to the new
   * key. The entry keeps its service and account, so whatever reads it (`keywarden exec`, a
   * script) gets the new key without being told; and nothing is left holding the old key.
   * null when the old key was not saved.
   */
  async followRoll(
    profileId: number,
    oldKeyId: number,
    next: { id: number },
    rawKey: string,
  ): Promise<KeychainExport | null> {
    const record = this.store.export(profileId, oldKeyId);
    if (!record || oldKeyId === next.id) return null;
    const parsed = parseKey(rawKey);
    if (!parsed.ok) throw new KeywardenError('BAD_REQUEST', `a roll reply without a Keywarden key: ${parsed.reason}`);
    await this.secrets.set(record.service, record.account, rawKey.trim());
    const moved = this.store.recordExport({
      profileId,
      keyId: next.id,
      orgId: record.orgId,
      service: record.service,
      account: record.account,
    });
    this.store.removeExportRecord(profileId, oldKeyId);
    return moved;
  }

  listExports(profileId: number): KeychainExport[] {
    return this.store.exports(profileId);
  }

  exportOf(profileId: number, keyId: number): KeychainExport | undefined {
    return this.store.export(profileId, keyId);
  }

  /**
   * Deletes the entry and then the record. An entry the user already removed by hand still
   * lets the record go; a keychain that cannot be reached keeps the record, since the
   * entry may still be there.
   */
  async removeExport(profileId: number, keyId: number): Promise<{ entryRemoved: boolean }> {
    const record = this.store.export(profileId, keyId);
    if (!record)
      throw new KeywardenError('NOT_FOUND', `key ${keyId} was not saved to the OS keychain from this profile`);
    const entryRemoved = await this.secrets.delete(record.service, record.account);
    this.store.removeExportRecord(profileId, keyId);
    return { entryRemoved };
  }

  /** The raw key saved from this profile, or null (none, or a locked keyring): for `keywarden exec`. */
  async readExport(profileId: number, keyId: number): Promise<string | null> {
    const record = this.store.export(profileId, keyId);
    if (!record) return null;
    return this.secrets.get(record.service, record.account);
  }

  async setCredential(profileId: number, credential: string): Promise<void> {
    this.store.profile(profileId);
    if (typeof credential !== 'string' || credential.trim() === '') {
      throw new KeywardenError('BAD_REQUEST', 'the credential must not be empty');
    }
    await this.secrets.set(CREDENTIALS_SERVICE, this.account(profileId), credential);
    this.store.updateProfile(profileId, { hasCredential: true });
  }

  /**
   * null when there is none. libsecret also answers "none" for a locked keyring, so callers
   * should ask the user to unlock it or enter the credential again.
   */
  async getCredential(profileId: number): Promise<string | null> {
    this.store.profile(profileId);
    return this.secrets.get(CREDENTIALS_SERVICE, this.account(profileId));
  }

  async deleteCredential(profileId: number): Promise<boolean> {
    this.store.profile(profileId);
    const existed = await this.secrets.delete(CREDENTIALS_SERVICE, this.account(profileId));
    this.store.updateProfile(profileId, { hasCredential: false });
    return existed;
  }

  /**
   * Removes everything the profile put in the keychain; call before store.deleteProfile.
   * A local profile with nothing exported never touches the keychain, so it can be deleted
   * even where no keychain is available.
   */
  async forgetProfile(profileId: number): Promise<{ exportsRemoved: number; credentialRemoved: boolean }> {
    const profile = this.store.profile(profileId);
    let exportsRemoved = 0;
    for (const e of this.store.exports(profileId)) {
      await this.removeExport(profileId, e.keyId);
      exportsRemoved++;
    }
    const credentialRemoved =
      profile.backend === 'remote' || profile.hasCredential ? await this.deleteCredential(profileId) : false;
    return { exportsRemoved, credentialRemoved };
  }
}
