// The one module that imports keytar. keytar is a native addon: it is required on first use,
// so a missing or mis-built binary turns into a KEYCHAIN_UNAVAILABLE error the UI can show
// instead of a crash at startup. There is deliberately no plaintext fallback.
//
// On Linux keytar writes through libsecret with the schema "org.freedesktop.Secret.Generic"
// and the attributes `service` and `account`, labelled "<service>/<account>", so any Secret
// Service client finds our entries: `secret-tool lookup service <s> account <a>`.
import { KeywardenError } from '../../shared/errors';
import type { SecretStore } from './types';

type Keytar = typeof import('keytar');

export interface KeytarStoreOptions {
  /** How keytar is loaded; tests pass a loader that fails to check the error path. */
  load?: () => Keytar;
  platform?: NodeJS.Platform;
}

const WHAT_EACH_OS_NEEDS: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'On Linux, Keywarden needs a Secret Service: install and start one such as gnome-keyring ' +
    '(Debian/Ubuntu: apt install gnome-keyring libsecret-1-0), or KeePassXC with its Secret Service integration, ' +
    'in your desktop session, and unlock its default ("login") keyring.',
  darwin: 'On macOS the Keychain needs nothing installed: unlock the login keychain and allow Keywarden to use it.',
  win32:
    'On Windows, Credential Manager needs nothing installed: check that the Credential Manager service is running.',
};

function advice(platform: NodeJS.Platform): string {
  return (
    WHAT_EACH_OS_NEEDS[platform] ??
    'This system needs an OS keychain that keytar supports (libsecret, macOS Keychain or Windows Credential Manager).'
  );
}

// The native errors of libsecret/GDBus, in the words keytar passes them on, with what each means.
const DIAGNOSES: Array<[RegExp, string]> = [
  [
    /Cannot autolaunch D-Bus|Unable to autolaunch|DBUS_SESSION_BUS_ADDRESS/i,
    'no D-Bus session bus was found (Keywarden is not running inside a desktop session)',
  ],
  [
    /Could not connect|Connection refused|No such file or directory|Failed to connect/i,
    'the D-Bus session bus could not be reached',
  ],
  [
    /org\.freedesktop\.secrets was not provided|ServiceUnknown|name has no owner/i,
    'no Secret Service is installed or running on the session bus',
  ],
  [
    /Object does not exist at path .*\/collection\//i,
    'the Secret Service has no default keyring (it has not been created or unlocked yet)',
  ],
  [/locked/i, 'the keyring is locked'],
  [/prompt.*dismissed|dismissed|cancel/i, 'the request to unlock the keyring was dismissed'],
  [/timeout|timed out/i, 'the keychain did not answer in time'],
];

function diagnose(raw: string): string {
  for (const [pattern, meaning] of DIAGNOSES) if (pattern.test(raw)) return meaning;
  return 'the OS keychain refused the request';
}

/** Removes every occurrence of the secret, should a native layer ever echo it. */
function redact(text: string, secret?: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function unavailable(reason: string, raw: string, platform: NodeJS.Platform, secret?: string): KeywardenError {
  const detail = redact(raw, secret).replace(/\s+/g, ' ').trim().slice(0, 300);
  return new KeywardenError(
    'KEYCHAIN_UNAVAILABLE',
    `The OS keychain is not available: ${reason}${detail ? ` ("${detail}")` : ''}. ${advice(platform)} ` +
      'Keywarden never falls back to storing secrets in plaintext.',
  );
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function requireNonEmpty(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0)
    throw new KeywardenError('BAD_REQUEST', `a keychain ${what} must not be empty`);
}

export function createKeytarStore(options: KeytarStoreOptions = {}): SecretStore {
  const platform = options.platform ?? process.platform;
  // Loaded on first use, so a missing native build is KEYCHAIN_UNAVAILABLE rather than a crash at start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = options.load ?? ((): Keytar => require('keytar') as Keytar);
  let keytar: Keytar | undefined;

  const loadOnce = (): Keytar => {
    if (keytar) return keytar;
    try {
      keytar = load();
    } catch (e) {
      throw unavailable(
        'the keytar native module could not be loaded (reinstall Keywarden, or rebuild keytar for this runtime)',
        messageOf(e),
        platform,
      );
    }
    return keytar;
  };

  // Every call goes through here so no native error, and no secret, escapes unmapped.
  const call = async <T>(op: (k: Keytar) => Promise<T>, secret?: string): Promise<T> => {
    const k = loadOnce();
    try {
      return await op(k);
    } catch (e) {
      const raw = messageOf(e);
      throw unavailable(diagnose(raw), raw, platform, secret);
    }
  };

  return {
    async set(service, account, secret) {
      requireNonEmpty(service, 'service');
      requireNonEmpty(account, 'account');
      requireNonEmpty(secret, 'secret');
      await call((k) => k.setPassword(service, account, secret), secret);
    },
    async get(service, account) {
      requireNonEmpty(service, 'service');
      requireNonEmpty(account, 'account');
      return call((k) => k.getPassword(service, account));
    },
    async delete(service, account) {
      requireNonEmpty(service, 'service');
      requireNonEmpty(account, 'account');
      return call((k) => k.deletePassword(service, account));
    },
    async accounts(service) {
      requireNonEmpty(service, 'service');
      // keytar hands back the secrets too; they are dropped here. On Windows keytar matches the
      // service as a prefix, so callers must not rely on this list being exact there.
      const found = await call((k) => k.findCredentials(service));
      return found.map((c) => c.account).sort();
    },
  };
}
