/**
 * What the benchmarks share: latency percentiles, waiting for a child CSMS to print its endpoints,
 * and calling its HTTP API.
 */
import type { ChildProcess } from 'node:child_process'

export interface Latencies {
  count: number
  p50: number
  p99: number
  max: number
}

/** Nearest-rank p50 / p99 and the maximum of a list of milliseconds (zeros when empty). */
export function percentiles(list: number[]): Latencies {
  const sorted = [...list].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
  return { count: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? 0 }
}

/** Resolves with the first capture group of each pattern once the child's stdout has them all. */
export function waitForLines(child: ChildProcess, patterns: RegExp[], timeoutMs = 30_000, what = 'the CSMS'): Promise<string[]> {
  return new Promise((resolveLines, reject) => {
    let buffered = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${buffered}`)), timeoutMs)
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const matches = patterns.map((p) => p.exec(buffered))
      if (matches.every(Boolean)) {
        clearTimeout(timer)
        resolveLines(matches.map((m) => m![1]!))
      }
    })
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${buffered}`)))
  })
}

/** POSTs a command to the CSMS API; an error answer throws with its status and (cut) body. */
export async function api(base: string, command: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}/${command}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const text = await response.text()
  if (!response.ok) throw new Error(`${command}: HTTP ${response.status} ${text.slice(0, 300)}`)
  return JSON.parse(text)
}
