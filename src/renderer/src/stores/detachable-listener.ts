/**
 * An event subscription a view can drop while its page is closed and take up again. A store that
 * outlives its page (Message Log, Transactions) stops receiving what nobody shows; `attach` listens
 * anew and, if events went by meanwhile, calls `onReturn` (to reload).
 */
export function createDetachableListener(listen: () => () => void, onReturn: () => void, attached = true) {
  let off: (() => void) | null = attached ? listen() : null
  let missed = false
  return {
    /** Listens anew, e.g. for another station after a filter change (the caller reloads). */
    relisten(): void {
      if (!off) return
      off()
      off = listen()
    },
    /** Stops listening; what the view shows stays as it is. */
    detach(): void {
      if (!off) return
      off()
      off = null
      missed = true
    },
    /**
     * Listens again; `onReturn` if anything was missed meanwhile, unless the caller reloads anyway
     * (`reloading`: a page that comes back with another filter), which would load twice.
     */
    attach(options: { reloading?: boolean } = {}): void {
      if (off) return
      off = listen()
      if (!missed) return
      missed = false
      if (!options.reloading) onReturn()
    },
    dispose(): void {
      off?.()
      off = null
    },
  }
}
