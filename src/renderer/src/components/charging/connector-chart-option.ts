/** The ECharts option of one connector's schedule chart: profile layers (thin), the CSMS composite (thick), the station's report (dashed), differences (red areas). */
import type { EChartsOption, LineSeriesOption } from 'echarts'
import type { ConnectorChargingView } from '@shared/contract/charging-dto'
import type { ChargingRateUnitType } from '@shared/ocpp/payloads'
import { layerLabel } from '../../utils/charging-labels'
import { clipSpans, compositeSpans, limitSpans, reportedSpans, spanPoints, type TimeSpan } from './schedule-points'

export const EXPECTED_NAME = 'CSMS composite'
export const REPORTED_NAME = 'Station reported'
export const DIFFERENCE_FILL = 'rgba(208, 48, 80, 0.2)'
const EXPECTED_COLOR = '#2080f0'
const REPORTED_COLOR = '#8a4fd6'
const LAYER_COLORS = ['#909399', '#f0a020', '#36ad6a', '#c45dbd', '#3aa0a8', '#d07b30', '#7c8ce0']

export interface ChartWindow {
  from: string
  duration: number
  unit: ChargingRateUnitType
}

export interface ChartColors {
  text: string
  line: string
}

/** The view's window as epoch ms. */
export function windowRange(window: ChartWindow): [number, number] {
  const from = Date.parse(window.from)
  return [from, from + window.duration * 1000]
}

/** Whether the station's report can be drawn on this chart: it has a schedule (main converts it to the view's unit). */
export function reportPlottable(connector: ConnectorChargingView, unit: ChargingRateUnitType): boolean {
  const schedule = connector.reported?.chargingSchedule
  return schedule !== undefined && (schedule.chargingRateUnit === unit || connector.reported?.viewPeriods !== undefined)
}

/** Whether the time the station's report covers meets the view's window at all. */
export function reportInWindow(connector: ConnectorChargingView, window: ChartWindow): boolean {
  if (!connector.reported) return false
  const [from, to] = windowRange(window)
  return clipSpans(reportedSpans(connector.reported), from, to).length > 0
}

/** The chart covers the view's window only: an older report shows where it overlaps (the verdict line says when it does not). */
export function connectorChartOption(connector: ConnectorChargingView, window: ChartWindow, colors: ChartColors): EChartsOption {
  const [min, max] = windowRange(window)
  const differences = clipSpans(
    (connector.reported?.differences ?? []).map((d) => ({ start: Date.parse(d.start), end: Date.parse(d.end), limit: null })),
    min,
    max,
  )
  const markArea = differences.length
    ? {
        silent: true,
        itemStyle: { color: DIFFERENCE_FILL },
        data: differences.map((d) => [{ xAxis: d.start }, { xAxis: d.end }] as [{ xAxis: number }, { xAxis: number }]),
      }
    : undefined
  const line = (name: string, spans: TimeSpan[], extra: Partial<LineSeriesOption>): LineSeriesOption => ({
    type: 'line',
    name,
    data: spanPoints(clipSpans(spans, min, max)),
    showSymbol: false,
    connectNulls: false,
    ...extra,
  })

  const series: LineSeriesOption[] = connector.layers.map((layer, i) =>
    line(layerLabel(layer, connector.connectorId), limitSpans(layer.spans), {
      color: LAYER_COLORS[i % LAYER_COLORS.length],
      lineStyle: { width: 1, opacity: 0.85 },
      z: 2,
    }),
  )
  const plotReport = connector.reported !== undefined && reportPlottable(connector, window.unit)
  series.push(
    line(EXPECTED_NAME, compositeSpans(connector.expected), {
      color: EXPECTED_COLOR,
      lineStyle: { width: 3 },
      z: 3,
      ...(markArea && !plotReport ? { markArea } : {}),
    }),
  )
  if (plotReport && connector.reported) {
    series.push(
      line(REPORTED_NAME, reportedSpans(connector.reported), {
        color: REPORTED_COLOR,
        lineStyle: { width: 2, type: 'dashed' },
        z: 4,
        ...(markArea ? { markArea } : {}),
      }),
    )
  }

  const unit = window.unit
  const value = (v: unknown): string => {
    const n = Array.isArray(v) ? v[1] : v
    return typeof n === 'number' ? `${n.toLocaleString(undefined, { maximumFractionDigits: 1 })} ${unit}` : 'no limit'
  }
  const axisStyle = { axisLabel: { color: colors.text }, axisLine: { lineStyle: { color: colors.line } }, splitLine: { lineStyle: { color: colors.line } } }
  return {
    animation: false,
    useUTC: true,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text },
    grid: { left: 48, right: 16, top: 30, bottom: 24 },
    legend: { type: 'scroll', top: 0, textStyle: { color: colors.text, fontSize: 11 }, itemHeight: 8 },
    tooltip: { trigger: 'axis', valueFormatter: value },
    xAxis: { type: 'time', min, max, ...axisStyle, splitLine: { show: false } },
    yAxis: { type: 'value', name: unit, min: 0, nameTextStyle: { color: colors.text }, ...axisStyle },
    series,
  }
}
