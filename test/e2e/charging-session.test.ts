import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { ROOT, startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint } from '../support/scripted-charge-point'

const unavailable = browserUnavailable()
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const STATION = 'E2E-SESSION'

function signal<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

async function chooseOperation(page: Page, action: string): Promise<void> {
  await page.getByTestId('operation-select').click()
  await page.keyboard.type(action)
  await page.keyboard.press('Enter')
  await page.getByTestId('op-send').filter({ hasText: action }).waitFor({ timeout: 10_000 })
}

describe.skipIf(unavailable)(`a charging session driven from the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
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

  it('remote start → charging with live energy → remote stop, then the finished transaction on the Transactions page', async () => {
    const tag = await fetch(`${app.apiUrl}/upsertIdTag`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ idTag: 'E2E-TAG', status: 'Accepted' }) })
    expect(tag.status).toBe(200)
    const startRequested = signal<Record<string, unknown>>()
    const stopRequested = signal<Record<string, unknown>>()
    cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION, {
      autoAnswer: (action, payload) => {
        if (action === 'RemoteStartTransaction') {
          startRequested.resolve(payload)
          return { status: 'Accepted' }
        }
        if (action === 'RemoteStopTransaction') {
          stopRequested.resolve(payload)
          return { status: 'Accepted' }
        }
        return {}
      },
    })
    await cp.boot('E2E Vendor', 'E2E Model')
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(`${app.uiUrl}#/stations/${STATION}`)
    await page.getByTestId('operations-card').waitFor({ timeout: 15_000 })

    // 1. Remote start from the form.
    await chooseOperation(page, 'RemoteStartTransaction')
    await page.getByTestId('op-field-idTag').fill('E2E-TAG')
    await page.getByTestId('op-field-connectorId').fill('1')
    await page.getByTestId('op-send').click()
    expect(await startRequested.promise).toEqual({ idTag: 'E2E-TAG', connectorId: 1 })
    await expect.poll(() => page.getByTestId('op-result').textContent(), { timeout: 15_000 }).toMatch(/Accepted/)

    // 2. The station charges; the UI follows live.
    await cp.call('Authorize', { idTag: 'E2E-TAG' })
    await cp.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' })
    const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'E2E-TAG', meterStart: 10_000, timestamp: new Date().toISOString() })
    const { transactionId, idTagInfo } = start[2] as { transactionId: number; idTagInfo: { status: string } }
    expect(idTagInfo.status).toBe('Accepted')
    await cp.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' })
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '11500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7200', measurand: 'Power.Active.Import', unit: 'W' }] }],
    })
    const running = page.getByTestId('station-transactions-running')
    await expect.poll(() => running.textContent(), { timeout: 15_000 }).toContain('E2E-TAG')
    await expect.poll(() => page.getByTestId(`transaction-energy-${transactionId}`).first().textContent(), { timeout: 15_000 }).toMatch(/1[.,]5/)
    await page.screenshot({ path: join(ARTIFACTS, 'session-charging.png'), fullPage: true })

    // 3. Remote stop, picking the running transaction.
    await chooseOperation(page, 'RemoteStopTransaction')
    await page.getByTestId(`op-pick-transactionId-${transactionId}`).click()
    await page.getByTestId('op-send').click()
    expect(await stopRequested.promise).toEqual({ transactionId })
    await expect.poll(() => page.getByTestId('op-result').textContent(), { timeout: 15_000 }).toMatch(/Accepted/)
    await cp.call('StopTransaction', { transactionId, idTag: 'E2E-TAG', meterStop: 12_000, timestamp: new Date().toISOString(), reason: 'Remote' })
    await cp.call('StatusNotification', { connectorId: 1, status: 'Finishing', errorCode: 'NoError' })
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    await expect.poll(() => page.getByTestId(`transaction-state-${transactionId}`).first().textContent(), { timeout: 15_000 }).toBe('finished')

    // 4. The Transactions page has it, with energy and reason.
    await page.goto(`${app.uiUrl}#/transactions`)
    const row = page.getByTestId(`transaction-row-${transactionId}`)
    await row.waitFor({ timeout: 15_000 })
    await expect.poll(() => row.textContent()).toMatch(/Remote/)
    await expect.poll(() => page.getByTestId(`transaction-energy-${transactionId}`).textContent()).toMatch(/2[.,]0/)
    await row.click()
    await page.getByTestId('meter-values-chart').waitFor({ timeout: 15_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'session-transactions.png'), fullPage: true })
    await page.close()
  })
})
