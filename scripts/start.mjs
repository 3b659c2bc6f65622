#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then open the desktop window where
// Electron can run, or run the same app headless where it cannot (no display, no Electron binary).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const forceHeadless = args.includes('--headless') || /^(1|true|yes|on)$/i.test(process.env.CSMS_HEADLESS ?? '')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function ensureBuilt() {
  const marker = join(root, 'out', 'main', 'headless.js')
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'schemas')))
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return
  console.log('Building the app…')
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('Build failed; see the messages above.')
    process.exit(result.status ?? 1)
  }
}

function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

/** The Electron binary, downloading it on first use; undefined when it cannot be had. */
function electronBinary() {
  const installScript = join(root, 'node_modules', 'electron', 'install.js')
  if (!existsSync(installScript)) return { reason: 'the electron package is not installed' }
  try {
    return { path: require('electron') }
  } catch {
    console.log('Fetching the Electron binary (first start)…')
    const result = spawnSync(process.execPath, [installScript], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 })
    if (result.status !== 0) return { reason: 'the Electron binary could not be downloaded (offline?)' }
    try {
      return { path: require('electron') }
    } catch (error) {
      return { reason: `Electron is not usable: ${error.message}` }
    }
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

ensureBuilt()
const headlessEntry = join(root, 'out', 'main', 'headless.js')
if (forceHeadless) {
  run(process.execPath, [headlessEntry, ...args])
} else {
  const electron = hasDisplay() ? electronBinary() : { reason: 'there is no display' }
  if (electron.path) {
    run(electron.path, [root, ...args])
  } else {
    console.log(`Starting headless because ${electron.reason}; open the UI address below in a browser.`)
    run(process.execPath, [headlessEntry, '--headless', ...args])
  }
}
