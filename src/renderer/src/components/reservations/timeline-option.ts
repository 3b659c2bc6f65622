/**
 * The reservations timeline as an ECharts option: one row per station + connector, one bar per
 * reservation from its creation to its expiry (or to when it ended), coloured by state, a "now" line.
 */
import { graphic } from 'echarts/core'
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts'
import type { Reservation } from '@shared/contract'
import { connectorText, isOpen, reservationFacts, stateColor } from '../../utils/reservation-format'

/** How much of the time axis is shown: every bar, a window around now, or auto (every bar when they span up to 2 days, else ±1 day). */
export type TimelineRange = 'auto' | 'fit' | '2h' | '12h' | '2d'
const HALF_WINDOW_MS: Record<Exclude<TimelineRange, 'fit' | 'auto'>, number> = { '2h': 3_600_000, '12h': 6 * 3_600_000, '2d': 86_400_000 }
const AUTO_FIT_MAX_MS = 2 * 86_400_000

export interface TimelineColors {
  text: string
  line: string
  now: string
  /** Text inside a bar. */
  barText: string
}

export const ROW_HEIGHT = 24
export const CHART_PADDING = 56

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function rowLabel(stationId: string, connectorId: number): string {
  return `${stationId} · ${connectorText(connectorId)}`
}

/** One row per station + connector, stations in natural order, connector 0 first. */
export function timelineRows(items: readonly Reservation[]): { stationId: string; connectorId: number; label: string }[] {
  const seen = new Map<string, { stationId: string; connectorId: number; label: string }>()
  for (const r of items) {
    const label = rowLabel(r.stationId, r.connectorId)
    if (!seen.has(label)) seen.set(label, { stationId: r.stationId, connectorId: r.connectorId, label })
  }
  return [...seen.values()].sort((a, b) => collator.compare(a.stationId, b.stationId) || a.connectorId - b.connectorId)
}

const time = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined
  const t = Date.parse(iso)
  return Number.isNaN(t) ? undefined : t
}

/** The bar of a reservation: creation → expiry while it may be held, creation → its end once it ended. */
export function barSpan(r: Reservation): [number, number] | undefined {
  const start = time(r.createdAt)
  if (start === undefined) return undefined
  const end = isOpen(r) ? time(r.expiryDate) : (time(r.endedAt) ?? time(r.expiryDate))
  return [start, Math.max(start, end ?? start)]
}

/** The visible time window. */
export function timelineWindow(items: readonly Reservation[], now: number, range: TimelineRange): [number, number] {
  if (range === 'auto') {
    const fit = timelineWindow(items, now, 'fit')
    return fit[1] - fit[0] <= AUTO_FIT_MAX_MS ? fit : timelineWindow(items, now, '2d')
  }
  if (range !== 'fit') return [now - HALF_WINDOW_MS[range], now + HALF_WINDOW_MS[range]]
  let min = now
  let max = now
  for (const r of items) {
    const span = barSpan(r)
    if (!span) continue
    min = Math.min(min, span[0])
    max = Math.max(max, span[1])
  }
  const pad = Math.max((max - min) * 0.03, 60_000)
  return [min - pad, max + pad]
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function tooltipHtml(r: Reservation): string {
  return reservationFacts(r)
    .map(([k, v]) => `<div><span style="opacity:.65">${escapeHtml(k)}</span> ${escapeHtml(v)}</div>`)
    .join('')
}

interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export function timelineOption(items: readonly Reservation[], now: number, range: TimelineRange, colors: TimelineColors): EChartsOption {
  const rows = timelineRows(items)
  const rowIndex = new Map(rows.map((row, i) => [row.label, i]))
  const shown: Reservation[] = []
  const data: { value: number[]; itemStyle: { color: string } }[] = []
  for (const r of items) {
    const span = barSpan(r)
    const row = rowIndex.get(rowLabel(r.stationId, r.connectorId))
    if (!span || row === undefined) continue
    shown.push(r)
    data.push({ value: [row, span[0], span[1], r.reservationId], itemStyle: { color: isOpen(r) ? stateColor(r.state) : `${stateColor(r.state)}99` } })
  }
  const [min, max] = timelineWindow(items, now, range)

  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const row = api.value(0) as number
    const from = api.coord([api.value(1), row])
    const to = api.coord([api.value(2), row])
    const band = api.size?.([0, 1])
    const height = (Array.isArray(band) ? (band[1] ?? ROW_HEIGHT) : ROW_HEIGHT) * 0.62
    const area = params.coordSys as unknown as Rect
    const bar = graphic.clipRectByRect(
      { x: from[0] ?? 0, y: (from[1] ?? 0) - height / 2, width: Math.max((to[0] ?? 0) - (from[0] ?? 0), 3), height },
      { x: area.x, y: area.y, width: area.width, height: area.height },
    )
    if (!bar) return null
    const r = shown[params.dataIndex]
    const label = r && bar.width > 56 ? `#${r.reservationId} ${r.idTag}` : ''
    return {
      type: 'group',
      children: [
        { type: 'rect', shape: { ...bar, r: 2 }, style: { fill: api.visual('color') as string } },
        ...(label
          ? [{ type: 'text' as const, style: { text: label, x: bar.x + 4, y: bar.y + bar.height / 2, verticalAlign: 'middle' as const, fill: colors.barText, fontSize: 10, width: bar.width - 8, overflow: 'truncate' as const } }]
          : []),
      ],
    }
  }

  return {
    animation: false,
    useUTC: true,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    grid: { left: 8, right: 16, top: 24, bottom: 18, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const index = (params as { dataIndex?: number }).dataIndex
        const r = index === undefined ? undefined : shown[index]
        return r ? tooltipHtml(r) : ''
      },
    },
    xAxis: {
      type: 'time',
      min,
      max,
      position: 'top',
      axisLabel: { color: colors.text, hideOverlap: true },
      axisLine: { lineStyle: { color: colors.line } },
      splitLine: { show: true, lineStyle: { color: colors.line, opacity: 0.5 } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((row) => row.label),
      inverse: true,
      axisLabel: { color: colors.text, fontSize: 11 },
      axisLine: { lineStyle: { color: colors.line } },
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { color: colors.line, opacity: 0.35 } },
    },
    series: [
      {
        type: 'custom',
        name: 'Reservations',
        renderItem,
        encode: { x: [1, 2], y: 0 },
        data,
        clip: true,
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          label: { formatter: 'now', color: colors.now, position: 'end' },
          lineStyle: { color: colors.now, type: 'dashed', width: 1 },
          data: [{ xAxis: now }],
        },
      },
    ],
  }
}
