#!/usr/bin/env node
// Renders build/icon.svg to build/icon.png (512×512) in Chromium: the packagers make the .ico and
// .icns from it. Run after changing the SVG: node scripts/make-icon.mjs
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build')
const svg = readFileSync(join(build, 'icon.svg'), 'utf8')
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const page = await browser.newPage({ viewport: { width: 512, height: 512 } })
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
await page.screenshot({ path: join(build, 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 512, height: 512 } })
await browser.close()
console.log('build/icon.png written')
