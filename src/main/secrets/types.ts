// The OS keychain, behind one interface so the keytar module is the only place that knows
// how secrets are stored. Implementations throw KeywardenError('KEYCHAIN_UNAVAILABLE', …)
// with what to install or start when no keychain is reachable; there is no plaintext fallback.
export interface SecretStore {
  set(service: string, account: string, secret: string): Promise<void>;
  get(service: string, account: string): Promise<string | null>;
  delete(service: string, account: string): Promise<boolean>;
  /** Account names stored under a service (never the secrets). */
  accounts(service: string): Promise<string[]>;
}

export const CREDENTIALS_SERVICE = 'keywarden/profile-credentials';
/**
 * A saved key's service. Profile names, org names and key ids repeat across data dirs (a dev
 * and a packaged build both have "Local sandbox" / "Acme Corp" / key 1), so the data dir's
 * install id ends the service, as it ends credential accounts: no two data dirs share an entry.
 */
export const exportService = (profileName: string, orgName: string, installId: string): string =>
  `keywarden/${profileName}/${orgName}@${installId}`;
/** Before install ids: moved on start (KeychainService.migrateLegacyExports). */
export const legacyExportService = (profileName: string, orgName: string): string =>
  `keywarden/${profileName}/${orgName}`;
export const exportAccount = (keyName: string, keyId: number): string => `${keyName} (#${keyId})`;
/**
 * Profile ids restart at 1 in every data dir (dev and packaged builds, a reinstall, the
 * harness), so the account carries the data dir's own install id: no two data dirs can
 * read or overwrite each other's credential.
 */
export const credentialAccount = (profileId: number, installId: string): string => `profile-${profileId}@${installId}`;
/** Before install ids: migrated on start (KeychainService.migrateLegacyCredentials). */
export const legacyCredentialAccount = (profileId: number): string => `profile-${profileId}`;
