// Opening a profile's source for the estate: a local database directly, a remote server
// with the profile's credential from the OS keychain.
import { KeywardenError } from '../../../shared/errors';
import { Engine } from '../../engine';
import type { StoredProfile } from '../appStore';
import type { KeychainService } from '../keychain';
import type { RemoteOpener } from '../workspace';
import { LocalSource, RemoteSource, type EstateSource } from './sources';

export async function openEstateSource(
  p: StoredProfile,
  d: { keychain: KeychainService; openRemote?: RemoteOpener; nativeBinding?: string },
): Promise<EstateSource> {
  if (p.backend === 'local') {
    if (!p.dbFile) throw new KeywardenError('NOT_FOUND', `profile "${p.name}" has no database`);
    return new LocalSource(Engine.open(p.dbFile, { nativeBinding: d.nativeBinding }));
  }
  if (!d.openRemote) throw new KeywardenError('UNAVAILABLE', 'remote profiles are not available in this build');
  const credential = await d.keychain.getCredential(p.id);
  // libsecret answers "none" for a locked keyring too: either way the keychain gave nothing.
  if (!credential)
    throw new KeywardenError(
      'KEYCHAIN_UNAVAILABLE',
      `no credential for "${p.name}" in the OS keychain (is the keyring locked?): unlock it, or edit the profile and paste the key again`,
    );
  return new RemoteSource(await d.openRemote(p, credential));
}
