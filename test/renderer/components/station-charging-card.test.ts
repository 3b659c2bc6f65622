import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import VChart from 'vue-echarts'
import type { EChartsOption, LineSeriesOption } from 'echarts'
import type { ConnectorChargingView, StationChargingView } from '@shared/contract'
import { setClient } from '@renderer/api'
import StationChargingCard from '@renderer/components/charging/StationChargingCard.vue'
import ConnectorScheduleChart from '@renderer/components/charging/ConnectorScheduleChart.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { at, chargingProfile, chargingView, connectorView, FROM, installed } from '../charging-view-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let connectors: ConnectorChargingView[]
let extra: Partial<StationChargingView>

/** Connector 1: a CP-wide max (from connector 0) and its own TxDefault; the CSMS expects 16 A, no limit, then 10 A. */
function connector1(reported?: ConnectorChargingView['reported']): ConnectorChargingView {
  return connectorView(1, {
    transactionId: 12,
    layers: [
      { connectorId: 0, chargingProfileId: 7, purpose: 'ChargePointMaxProfile', stackLevel: 0, spans: [{ start: at(0), end: at(3600), limit: 32 }] },
      {
        connectorId: 1,
        chargingProfileId: 12,
        purpose: 'TxDefaultProfile',
        stackLevel: 1,
        spans: [
          { start: at(0), end: at(600), limit: 16 },
          { start: at(600), end: at(1200), limit: null },
          { start: at(1200), end: at(3600), limit: 10 },
        ],
      },
    ],
    expected: {
      connectorId: 1,
      scheduleStart: FROM,
      duration: 3600,
      chargingRateUnit: 'A',
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 600, limit: null },
        { startPeriod: 1200, limit: 10 },
      ],
    },
    reported,
  })
}

function report(differences: NonNullable<ConnectorChargingView['reported']>['differences']): NonNullable<ConnectorChargingView['reported']> {
  return {
    connectorId: 1,
    requested: { duration: 3600, chargingRateUnit: 'A' },
    status: 'Accepted',
    scheduleStart: FROM,
    chargingSchedule: { chargingRateUnit: 'A', duration: 3600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1200, limit: 6 }] },
    receivedAt: FROM,
    taskId: 'gcs-1',
    differences,
  }
}

beforeEach(() => {
  connectors = [connectorView(0), connector1()]
  extra = {}
  client = new FakeClient()
  client
    .handle('getChargingView', (args) =>
      chargingView({
        duration: args.duration ?? 3600,
        chargingRateUnit: args.chargingRateUnit ?? 'A',
        connectors,
        installed: [installed(0, chargingProfile(7, { chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0 })), installed(1, chargingProfile(12))],
        ...extra,
      }),
    )
    .handle('forgetInstalledProfiles', (args) => chargingView({ stationId: args.stationId, installed: [], connectors }))
    .handle('sendCall', (args) => task('t1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

async function open(): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(StationChargingCard, { stationId: 'CP1' }))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const inBody = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`)

function chartOption(w: VueWrapper, connectorId: number): EChartsOption {
  const chart = w.findAllComponents(ConnectorScheduleChart).find((c) => (c.props('connector') as ConnectorChargingView).connectorId === connectorId)
  if (!chart) throw new Error(`no chart for connector ${connectorId}`)
  return chart.findComponent(VChart).props('option') as EChartsOption
}
const seriesOf = (w: VueWrapper, connectorId: number) => chartOption(w, connectorId).series as LineSeriesOption[]
const named = (w: VueWrapper, connectorId: number, name: string) => seriesOf(w, connectorId).find((s) => s.name === name)

describe('Station Smart Charging card', () => {
  it('draws one thin line per profile layer, the CSMS composite thick, the station’s report dashed', async () => {
    connectors = [connectorView(0), connector1(report([]))]
    const w = await open()
    expect(byTestId(w, 'station-charging').exists()).toBe(true)
    expect(seriesOf(w, 1).map((s) => s.name)).toEqual(['ChargePointMax #7 L0 (c0)', 'TxDefault #12 L1', 'CSMS composite', 'Station reported'])
    expect(named(w, 1, 'TxDefault #12 L1')?.lineStyle?.width).toBe(1)
    expect(named(w, 1, 'CSMS composite')?.lineStyle?.width).toBe(3)
    expect(named(w, 1, 'Station reported')?.lineStyle?.type).toBe('dashed')
    // A null limit is a gap, not a drop to zero.
    const t = (s: number) => Date.parse(at(s))
    expect(named(w, 1, 'CSMS composite')?.data).toEqual([
      [t(0), 16],
      [t(600), 16],
      [t(600), null],
      [t(1200), 10],
      [t(3600), 10],
    ])
    // Rendered, with the legend naming each line.
    await vi.waitFor(() => expect(byTestId(w, 'connector-chart-1').element.querySelector('svg')).toBeTruthy())
    const svgText = byTestId(w, 'connector-chart-1').text()
    expect(svgText).toContain('TxDefault #12 L1')
    expect(svgText).toContain('Station reported')
  })

  it('a report that matches says so, with no red area', async () => {
    connectors = [connectorView(0), connector1(report([]))]
    const w = await open()
    expect(byTestId(w, 'connector-verdict-1').text()).toBe('matches what the station reported')
    expect(seriesOf(w, 1).some((s) => s.markArea !== undefined)).toBe(false)
    await vi.waitFor(() => expect(byTestId(w, 'connector-chart-1').element.querySelector('svg')).toBeTruthy())
    expect(byTestId(w, 'connector-chart-1').html()).not.toContain('fill="rgb(208,48,80)"')
  })

  it('differences are counted in the verdict and marked red over their time spans', async () => {
    connectors = [
      connectorView(0),
      connector1(
        report([
          { start: at(600), end: at(1200), expected: null, reported: 16 },
          { start: at(1200), end: at(3600), expected: 10, reported: 6 },
        ]),
      ),
    ]
    const w = await open()
    expect(byTestId(w, 'connector-verdict-1').text()).toBe('2 differences from what the station reported')
    const area = named(w, 1, 'Station reported')?.markArea as { data: [{ xAxis: number }, { xAxis: number }][]; itemStyle: { color: string } }
    expect(area.data).toEqual([
      [{ xAxis: Date.parse(at(600)) }, { xAxis: Date.parse(at(1200)) }],
      [{ xAxis: Date.parse(at(1200)) }, { xAxis: Date.parse(at(3600)) }],
    ])
    expect(area.itemStyle.color).toMatch(/^rgba\(208, 48, 80/)
    // Drawn: the red areas are in the SVG.
    await vi.waitFor(() => expect(byTestId(w, 'connector-chart-1').html()).toContain('fill="rgb(208,48,80)"'))
  })

  it('without a report, Get composite schedule asks for the connector over the view’s window and unit', async () => {
    const w = await open()
    expect(byTestId(w, 'connector-verdict-1').text()).toBe('no report yet —')
    expect(byTestId(w, 'connector-verdict-0').text()).toContain('no report yet')
    expect(byTestId(w, 'connector-get-composite-1').text()).toBe('Get composite schedule')
    expect(byTestId(w, 'charging-window').text()).toContain('now + 24 h')
    await byTestId(w, 'charging-window-86400').find('input').trigger('change')
    await flush()
    expect(client.callsOf('getChargingView').at(-1)).toEqual({ stationId: 'CP1', duration: 86400 })
    await byTestId(w, 'connector-get-composite-1').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([
      { stationId: 'CP1', action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: 86400, chargingRateUnit: 'A' }, wait: false },
    ])
    expect(byTestId(w, 'connector-panel-1').text()).toContain('queued')
  })

  it('keeps the chart on the view’s window: a report from yesterday is not drawn and the line says when it was', async () => {
    const r = report([{ start: at(-86_400), end: at(-85_000), expected: 10, reported: 6 }])
    r.scheduleStart = at(-86_400)
    connectors = [connectorView(0), connector1(r)]
    const w = await open()
    const option = chartOption(w, 1) as { xAxis: { min: number; max: number } }
    expect([option.xAxis.min, option.xAxis.max]).toEqual([Date.parse(FROM), Date.parse(at(3600))])
    expect(named(w, 1, 'Station reported')?.data).toEqual([])
    expect(named(w, 1, 'Station reported')?.markArea).toBeUndefined()
    expect(byTestId(w, 'connector-report-outside-1').text()).toContain('2024-04-30 12:00 – 2024-04-30 13:00 UTC')
    expect(byTestId(w, 'connector-verdict-1').text()).toBe('1 difference from what the station reported')
  })

  it('switching the unit reloads the view in that unit', async () => {
    const w = await open()
    await byTestId(w, 'charging-unit-W').find('input').trigger('change')
    await flush()
    expect(client.callsOf('getChargingView').at(-1)).toEqual({ stationId: 'CP1', duration: 3600, chargingRateUnit: 'W' })
  })

  it('a report in another unit is not drawn on this chart, and the note offers that unit', async () => {
    const r = report([])
    r.chargingSchedule = { ...r.chargingSchedule!, chargingRateUnit: 'W' }
    connectors = [connectorView(0), connector1(r)]
    const w = await open()
    expect(seriesOf(w, 1).map((s) => s.name)).not.toContain('Station reported')
    expect(byTestId(w, 'connector-unit-note-1').text()).toContain('reported in W')
  })

  it('reloads once when chargingChanged names the station, however many events come in a burst', async () => {
    const w = await open()
    expect(client.callsOf('getChargingView')).toHaveLength(1)
    client.emit('chargingChanged', { stationId: 'OTHER' })
    await new Promise((r) => setTimeout(r, 600))
    expect(client.callsOf('getChargingView')).toHaveLength(1)
    connectors = [connectorView(0), connector1(report([]))]
    client.emit('chargingChanged', { stationId: 'CP1' })
    client.emit('chargingChanged', { stationId: 'CP1' })
    client.emit('chargingChanged', { stationId: 'CP1' })
    await new Promise((r) => setTimeout(r, 600))
    await flush()
    expect(client.callsOf('getChargingView')).toHaveLength(2)
    expect(byTestId(w, 'connector-verdict-1').text()).toBe('matches what the station reported')
  })

  it('lists the installed profiles; Clear on station sends ClearChargingProfile with the id alone and shows the answer', async () => {
    const w = await open()
    const table = byTestId(w, 'installed-table').text()
    expect(table).toContain('ChargePointMax')
    expect(byTestId(w, 'installed-row-12').text()).toContain('TxDefault')
    await byTestId(w, 'installed-clear-12').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'ClearChargingProfile', payload: { id: 12 }, wait: false }])
    client.emit('taskUpdated', task('t1', 'answered', { action: 'ClearChargingProfile', payload: { id: 12 }, response: { status: 'Unknown' } }))
    await flush()
    expect(byTestId(w, 'installed-row-12').text()).toContain('Unknown')
  })

  it('Forget all asks first, then makes the CSMS forget (nothing sent to the station)', async () => {
    const w = await open()
    await byTestId(w, 'installed-forget').trigger('click')
    await flush()
    expect(client.callsOf('forgetInstalledProfiles')).toEqual([])
    inBody('installed-forget-confirm')!.click()
    await flush()
    await flush()
    expect(client.callsOf('forgetInstalledProfiles')).toEqual([{ stationId: 'CP1' }])
    expect(client.callsOf('sendCall')).toEqual([])
    expect(byTestId(w, 'installed-row-12').exists()).toBe(false)
  })

  it('shows the station’s limits when its configuration gave them', async () => {
    let w = await open()
    expect(byTestId(w, 'charging-limits').exists()).toBe(false)
    expect(byTestId(w, 'charging-limits-unknown').exists()).toBe(true)
    w.unmount()
    extra = { limits: { maxStackLevel: 3, maxPeriods: 24, maxInstalled: 2, allowedUnits: ['Current', 'Power'] } }
    w = await open()
    const limits = byTestId(w, 'charging-limits').text()
    expect(limits).toContain('max stack level 3')
    expect(limits).toContain('max periods 24')
    expect(limits).toContain('installed 2 / 2')
    expect(limits).toContain('Current, Power')
  })

  it('a report of 8,638,203,414,586 s in year 9999 is drawn over the 31 days main capped it to, with the connector\u2019s note on what was cut', async () => {
    const note = 'The station reported a schedule of 8,638,203,414,586 s (about 273,728 years): only the first 31 days (2,678,400 s) are computed and shown, the longest window a view covers.'
    const r = report([])
    r.scheduleStart = '9999-01-01T00:00:00.000Z'
    r.chargingSchedule = { chargingRateUnit: 'A', duration: 8_638_203_414_586, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }
    r.viewDuration = 31 * 86_400
    r.viewPeriods = [{ startPeriod: 0, limit: 16 }]
    connectors = [connectorView(0), { ...connector1(r), truncated: [note] }]
    const w = await open()
    expect(byTestId(w, 'connector-report-outside-1').text()).toContain('9999-01-01 00:00 – 9999-02-01 00:00 UTC')
    expect(byTestId(w, 'connector-truncated-1').text()).toContain('Not everything is shown:')
    expect(byTestId(w, 'connector-truncated-1').text()).toContain(note)
    expect(byTestId(w, 'connector-truncated-0').exists()).toBe(false)
  })

  it('shows records moved to quarantine and cuts of the whole view above the connectors, and a connector\u2019s own error on it', async () => {
    extra = {
      quarantined: [{ collection: 'reportedComposites', stationId: 'CP1', key: 'CP1/2', reason: 'chargingSchedule.chargingSchedulePeriod is not a list', at: FROM, file: 'quarantine/2024-05-01T12-00-00-000Z-reportedComposites-CP1_2-0a1b2c3d.json' }],
      truncated: ['The view was asked for 3,000,000 s (about 0 years): only the first 31 days are shown.'],
    }
    connectors = [connectorView(0), { ...connector1(), error: 'The CSMS could not compute connector 1\u2019s schedule (boom); the other connectors are shown.' }]
    const w = await open()
    const quarantine = byTestId(w, 'charging-quarantine').text()
    expect(quarantine).toContain('1 stored Smart Charging record of this station could not be used and was moved aside')
    expect(quarantine).toContain('reportedComposites CP1/2: chargingSchedule.chargingSchedulePeriod is not a list')
    expect(quarantine).toContain('kept in quarantine/2024-05-01T12-00-00-000Z-reportedComposites-CP1_2-0a1b2c3d.json in the data folder')
    expect(byTestId(w, 'charging-truncated').text()).toContain('only the first 31 days')
    expect(byTestId(w, 'connector-error-1').text()).toContain('could not compute connector 1')
    expect(byTestId(w, 'connector-error-0').exists()).toBe(false)
    // The other connector and the installed profiles are still there.
    expect(byTestId(w, 'connector-verdict-0').exists()).toBe(true)
    expect(byTestId(w, 'installed-row-12').exists()).toBe(true)
  })
})
