import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
import { load } from 'js-yaml'
import { describe, expect, it, vi } from 'vitest'
import afterPack, { flipPackagedFuses, type PackContext } from '../../../build/after-pack.mjs'

const ROOT = resolve(import.meta.dirname, '../../..')
const context = (electronPlatformName: string): PackContext => ({
  appOutDir: '/dist/unpacked',
  electronPlatformName,
  packager: { appInfo: { productFilename: 'OCPP 1.6 Desk CSMS' }, executableName: 'ocpp16-desktop-csms' },
})

function fakeFuses() {
  const flipFuses = vi.fn(async (_path: string, _config: Record<string | number, unknown>) => 1)
  return { flipFuses, fuses: { flipFuses, FuseVersion, FuseV1Options } }
}

describe('Electron fuses of the packaged app (electron-builder afterPack hook)', () => {
  it('turns RunAsNode, NODE_OPTIONS and --inspect off, ASAR integrity and only-load-from-ASAR on', async () => {
    const { flipFuses, fuses } = fakeFuses()
    await flipPackagedFuses(context('linux'), fuses)
    expect(flipFuses).toHaveBeenCalledTimes(1)
    expect(flipFuses).toHaveBeenCalledWith(join('/dist/unpacked', 'ocpp16-desktop-csms'), {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    })
  })

  it('flips the binary electron-builder packed on each platform (the .app bundle re-signed ad hoc on macOS)', async () => {
    const { flipFuses, fuses } = fakeFuses()
    for (const platform of ['win32', 'darwin', 'mas']) await flipPackagedFuses(context(platform), fuses)
    expect(flipFuses.mock.calls.map(([path, config]) => [path, config.resetAdHocDarwinSignature])).toEqual([
      [join('/dist/unpacked', 'OCPP 1.6 Desk CSMS.exe'), false],
      [join('/dist/unpacked', 'OCPP 1.6 Desk CSMS.app'), true],
      [join('/dist/unpacked', 'OCPP 1.6 Desk CSMS.app'), true],
    ])
  })

  it('is the hook the packaging configuration runs, with @electron/fuses a dev dependency', async () => {
    const config = load(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as { afterPack?: string; asar?: boolean }
    expect(config.afterPack).toBe('./build/after-pack.mjs')
    expect(existsSync(join(ROOT, config.afterPack!))).toBe(true)
    expect(config.asar).toBe(true) // OnlyLoadAppFromAsar needs the app packed as app.asar
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(pkg.devDependencies['@electron/fuses']).toBeDefined()
    expect(typeof afterPack).toBe('function')
  })
})
