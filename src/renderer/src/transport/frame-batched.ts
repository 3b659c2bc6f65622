/**
 * Events delivered in batches, at most ten times a second and on an animation frame. With
 * thousands of stations the CSMS sends hundreds of events a second; handed to the stores one by
 * one, each would be its own Vue update, layout and paint, and even once per frame (60 a second)
 * the browser would repaint the tables without pause and take a core from the CSMS beside it.
 * Queued and delivered together (in arrival order), the page repaints at most ten times a second
 * however many events came in, and stays live.
 */
import type { EventName, EventOptions, EventPayloads } from '@shared/contract'
import type { CsmsTransport } from './transport'

type Schedule = (run: () => void) => void

const BATCH_MS = 100

const nextFrame: Schedule = (run) => {
  setTimeout(() => {
    // A hidden window gets no animation frames: then the timer alone delivers.
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') requestAnimationFrame(run)
    else run()
  }, BATCH_MS)
}

export function frameBatched(transport: CsmsTransport, schedule: Schedule = nextFrame): CsmsTransport {
  const queue: Array<() => void> = []
  let scheduled = false

  function deliver(): void {
    scheduled = false
    for (const run of queue.splice(0)) {
      try {
        run()
      } catch (err) {
        console.error('event listener failed', err)
      }
    }
  }

  return {
    ...transport,
    on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): () => void {
      let active = true
      const off = transport.on(
        event,
        (data) => {
          queue.push(() => {
            if (active) listener(data)
          })
          if (!scheduled) {
            scheduled = true
            schedule(deliver)
          }
        },
        options,
      )
      return () => {
        active = false
        off()
      }
    },
  }
}
