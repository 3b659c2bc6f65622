import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { ROOT, startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint } from '../support/scripted-charge-point'

const unavailable = browserUnavailable()
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const STATION = 'E2E-FW'

describe.skipIf(unavailable)(`a firmware update from the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let app: HeadlessApp
  let browser: Browser
  let cp: ScriptedChargePoint

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    app = await startHeadless()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await cp?.close().catch(() => undefined)
    await browser?.close()
    await app?.stop()
  })

  it('sends a hosted firmware file to a station, which downloads it from the app; every status appears in the UI', async () => {
    // The raw upload of the web bridge (no path on this PC is accepted over the API).
    const added = await fetch(`${app.apiUrl}/firmware-files?name=fw-3.0.0.bin`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', 'X-CSMS-Upload': '1' }, body: Buffer.alloc(50_000, 3) })
    expect(added.status).toBe(201)
    let location: string | undefined
    cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION, {
      autoAnswer: (action, payload) => {
        if (action === 'UpdateFirmware') location = payload.location as string
        return {}
      },
    })
    await cp.boot('E2E Vendor', 'E2E Model', { firmwareVersion: '2.9.0' })
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(`${app.uiUrl}#/firmware`)
    await page.getByTestId('firmware-file-update-fw-3.0.0.bin').click()
    await page.getByTestId(`update-station-${STATION}`).click()
    await page.getByTestId('update-submit').click()
    await expect.poll(() => location, { timeout: 15_000 }).toBeDefined()

    // The station downloads the image from the built-in host, then reports each step.
    const download = await fetch(location!)
    expect((await download.arrayBuffer()).byteLength).toBe(50_000)
    const step = page.getByTestId(`update-step-${STATION}`)
    for (const status of ['Downloading', 'Downloaded', 'Installing']) {
      await cp.call('FirmwareStatusNotification', { status })
      await expect.poll(() => step.textContent(), { timeout: 15_000 }).toContain(status)
    }
    await cp.boot('E2E Vendor', 'E2E Model', { firmwareVersion: '3.0.0' })
    await cp.call('FirmwareStatusNotification', { status: 'Installed' })
    await expect.poll(() => step.textContent(), { timeout: 15_000 }).toContain('Installed')
    await page.screenshot({ path: join(ARTIFACTS, 'firmware-update.png'), fullPage: true })

    await page.goto(`${app.uiUrl}#/stations/${STATION}`)
    await page.getByText('Firmware & diagnostics', { exact: true }).click()
    await expect.poll(() => page.getByTestId('station-firmware-status').textContent(), { timeout: 15_000 }).toContain('Installed')
    await page.screenshot({ path: join(ARTIFACTS, 'station-firmware.png'), fullPage: true })
    await page.close()
  })
})
