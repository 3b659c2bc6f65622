/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary (before it is
 * signed), so the shipped app cannot be turned into a general Node runtime or debugged into:
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE is ignored (the app binary is not a node.exe for anyone).
 * - EnableNodeOptionsEnvironmentVariable off: NODE_OPTIONS / NODE_EXTRA_CA_CERTS are ignored.
 * - EnableNodeCliInspectArguments off: --inspect and friends (and SIGUSR1) open no debugger.
 * - EnableEmbeddedAsarIntegrityValidation on: app.asar is checked against the hash electron-builder
 *   embeds (macOS, Windows); OnlyLoadAppFromAsar on: no unpacked `app` folder is loaded instead.
 * - EnableCookieEncryption stays off on purpose: the app's window talks over IPC and keeps no
 *   cookies, while turning it on makes some Linux desktops ask for the keyring at start.
 * - LoadBrowserProcessSpecificV8Snapshot and GrantFileProtocolExtraPrivileges keep Electron's
 *   defaults (the renderer is loaded from file://, see src/main/electron/app-page.ts).
 */
import { join } from 'node:path'

/** The fuses set, by @electron/fuses option (FuseV1Options). */
export function fuseSettings(FuseV1Options) {
  return {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  }
}

/** The Electron binary electron-builder packed (the same names its own fuse step uses). */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, packager.executableName)
}

/** `fuses`: the @electron/fuses module (a fake in tests). */
export async function flipPackagedFuses(context, fuses) {
  const { flipFuses, FuseVersion, FuseV1Options } = fuses
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  // macOS: flipping breaks the ad-hoc signature arm64 needs to start; electron-builder signs afterwards when it has an identity.
  await flipFuses(electronBinary(context), { version: FuseVersion.V1, resetAdHocDarwinSignature: mac, ...fuseSettings(FuseV1Options) })
}

export default async function afterPack(context) {
  const fuses = await import('@electron/fuses')
  await flipPackagedFuses(context, fuses.default ?? fuses)
}
