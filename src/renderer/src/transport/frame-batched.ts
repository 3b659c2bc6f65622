/**
 * Events delivered once per animation frame. With thousands of stations the CSMS sends hundreds of
 * events a second; handed to the stores one by one, each would be its own Vue update and render.
 * Queued and delivered together (in arrival order) once per frame, Vue renders at most once a
 * frame however many events came in.
 */
import type { EventName, EventPayloads } from '@shared/contract'
import type { CsmsTransport } from './transport'

type Schedule = (run: () => void) => void

const nextFrame: Schedule = (run) => {
  // A hidden window gets no animation frames: fall back to a timer so events still arrive.
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') requestAnimationFrame(run)
  else setTimeout(run, 100)
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
    on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void): () => void {
      let active = true
      const off = transport.on(event, (data) => {
        queue.push(() => {
          if (active) listener(data)
        })
        if (!scheduled) {
          scheduled = true
          schedule(deliver)
        }
      })
      return () => {
        active = false
        off()
      }
    },
  }
}
