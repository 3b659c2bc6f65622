/**
 * Loaded into the CSMS process by the large-payload benchmark (`node --import …/loop-probe.mjs`):
 * measures how long its event loop is held, and writes the figures to the file named by
 * CSMS_LOOP_PROBE, one JSON object a line, so the benchmark can line them up with what it did.
 *
 * - every second: `{ "second": <epoch ms>, "p50", "p99", "max" }` from perf_hooks'
 *   monitorEventLoopDelay (ms; how late the loop came round, resolution 10 ms);
 * - once at start: `{ "hrtimeUs", "wall" }`, to place a CPU profile's samples on the wall clock;
 * - every stall: `{ "stall": <ms>, "at": <epoch ms>, "cpu": <ms> }` when a 10 ms timer fired more
 *   than 20 ms late; the loop was held from about `at - stall` to `at`. `cpu` is how long the main
 *   thread was on a CPU meanwhile (Linux: /proc/self/task/<pid>/stat, in 10 ms clock ticks; absent
 *   elsewhere): a stall whose `cpu` is far below its length is the machine giving the process no
 *   CPU (other processes on a shared machine), not work the CSMS did.
 *
 * Plain JavaScript so it loads into the built app (out/) as well as under tsx.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

const file = process.env.CSMS_LOOP_PROBE
if (file) {
  const fd = openSync(file, 'a')
  const write = (record) => writeSync(fd, `${JSON.stringify(record)}\n`)
  // Lines a V8 CPU profile's clock (µs, monotonic: hrtime) up with the wall clock.
  write({ hrtimeUs: Number(process.hrtime.bigint() / 1000n), wall: Date.now() })
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  const ms = (ns) => Math.round(ns / 1e4) / 100
  const perSecond = setInterval(() => {
    if (histogram.count > 0) write({ second: Date.now(), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })
    histogram.reset()
  }, 1000)
  perSecond.unref()
  const TICK_MS = 10
  /** The main thread's CPU time (user + system, ms), undefined where /proc cannot tell. */
  const statFile = `/proc/self/task/${process.pid}/stat`
  const mainThreadCpuMs = () => {
    try {
      const stat = readFileSync(statFile, 'latin1')
      // The fields after the command name (which may hold spaces), from the 3rd: utime is the 14th, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) * 10
    } catch {
      return undefined
    }
  }
  let last = performance.now()
  let lastCpu = mainThreadCpuMs()
  const ticker = setInterval(() => {
    const now = performance.now()
    const cpu = mainThreadCpuMs()
    const late = now - last - TICK_MS
    last = now
    if (late > 20) write({ stall: Math.round(late * 10) / 10, at: Date.now(), ...(cpu !== undefined && lastCpu !== undefined ? { cpu: cpu - lastCpu } : {}) })
    lastCpu = cpu
  }, TICK_MS)
  ticker.unref()
  process.once('exit', () => closeSync(fd))
}
