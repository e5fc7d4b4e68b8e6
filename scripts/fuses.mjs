// Flips Electron's fuses in a packaged Keywarden, so the shipped binary cannot be turned
// into a general-purpose Node (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) or made to
// load app code from outside its asar. Run after packaging, on the packaged executable:
//   node scripts/fuses.mjs <path to the packaged app's executable> [--no-asar-integrity]
// or as an electron-builder afterPack hook ("afterPack": "scripts/fuses.mjs"). Never on
// node_modules/electron: `npm start` and the tests run that binary as Node.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Asar integrity checking needs a packager that embeds the asar's hash (electron-builder
 * >= 24, Electron Forge); pass --no-asar-integrity for one that does not.
 */
export function fuseConfig({ asarIntegrity = true } = {}) {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegrity,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer comes from app://, so file: needs none of its old privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // macOS arm64 refuses an ad-hoc binary whose fuses changed unless it is re-signed.
    resetAdHocDarwinSignature: process.platform === 'darwin',
  };
}

export async function flipKeywardenFuses(executable, opts) {
  await flipFuses(executable, fuseConfig(opts));
}

/** electron-builder's afterPack context: the executable inside appOutDir. */
export default async function afterPack(context) {
  const name = context.packager.appInfo.productFilename;
  const exe =
    context.electronPlatformName === 'darwin'
      ? path.join(context.appOutDir, `${name}.app`)
      : path.join(context.appOutDir, context.electronPlatformName === 'win32' ? `${name}.exe` : name.toLowerCase());
  await flipKeywardenFuses(exe);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const exe = args.find((a) => !a.startsWith('--'));
  if (!exe || /node_modules[\\/]electron[\\/]/.test(exe)) {
    console.error(
      'usage: node scripts/fuses.mjs <packaged executable> [--no-asar-integrity] (never node_modules/electron)',
    );
    process.exit(2);
  }
  await flipKeywardenFuses(exe, { asarIntegrity: !args.includes('--no-asar-integrity') });
  console.log(`fuses flipped in ${exe}`);
}
