import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { ROOT, startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint } from '../support/scripted-charge-point'

const unavailable = browserUnavailable()
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const STATION = 'E2E-RES'

describe.skipIf(unavailable)(`a reservation made and cancelled in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
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

  it('reserves connector 1 for a tag from the operations form, sees it active, cancels it, sees it cancelled', async () => {
    await fetch(`${app.apiUrl}/upsertIdTag`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ idTag: 'E2E-TAG', status: 'Accepted', parentIdTag: 'E2E-FLEET' }) })
    const received: { action: string; payload: Record<string, unknown> }[] = []
    cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION, {
      autoAnswer: (action, payload) => {
        received.push({ action, payload })
        return action === 'ReserveNow' || action === 'CancelReservation' ? { status: 'Accepted' } : {}
      },
    })
    await cp.boot()
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(`${app.uiUrl}#/stations/${STATION}`)
    await page.getByTestId('operation-select').click()
    await page.keyboard.type('ReserveNow')
    await page.keyboard.press('Enter')
    await page.getByTestId('op-field-idTag').fill('E2E-TAG')
    await page.getByTestId('op-field-connectorId').fill('1')
    await page.getByTestId('op-expiry-15m').click()
    await page.getByTestId('op-send').click()
    await expect.poll(() => page.getByTestId('op-result').textContent(), { timeout: 15_000 }).toMatch(/Accepted/)
    const reserve = received.find((r) => r.action === 'ReserveNow')!
    expect(reserve.payload).toMatchObject({ connectorId: 1, idTag: 'E2E-TAG', parentIdTag: 'E2E-FLEET', reservationId: expect.any(Number) })
    const reservationId = reserve.payload.reservationId as number
    await cp.call('StatusNotification', { connectorId: 1, status: 'Reserved', errorCode: 'NoError' })

    await page.getByText('Reservations & list', { exact: true }).click()
    await expect.poll(() => page.getByTestId(`reservation-state-${reservationId}`).first().textContent(), { timeout: 15_000 }).toMatch(/active/)
    await page.screenshot({ path: join(ARTIFACTS, 'reservation-active.png'), fullPage: true })
    await page.getByTestId(`reservation-cancel-${reservationId}`).first().click()
    await expect.poll(() => received.some((r) => r.action === 'CancelReservation' && r.payload.reservationId === reservationId), { timeout: 15_000 }).toBe(true)
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    await expect.poll(() => page.getByTestId(`reservation-state-${reservationId}`).first().textContent(), { timeout: 15_000 }).toMatch(/cancelled/)

    await page.goto(`${app.uiUrl}#/reservations`)
    await page.getByTestId('reservations-timeline').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByTestId(`reservation-row-${reservationId}`).textContent(), { timeout: 15_000 }).toMatch(/cancelled/)
    await page.screenshot({ path: join(ARTIFACTS, 'reservations-page.png'), fullPage: true })
    await page.close()
  })
})
