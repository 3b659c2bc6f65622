/**
 * One station's frames are handled in the order they arrived, also when handling one of them takes
 * several slices of the event loop (a large frame yields between parsing, checking, logging and
 * settling, so other stations are answered meanwhile).
 *
 * - Nothing of the station in progress: the frame is handled at once, synchronously, exactly as
 *   without this class (the common case costs nothing).
 * - A frame whose handler returns a promise (a large frame handled in slices; any answer that
 *   settles a CALL, which ends with a turn of the event loop): the station's next frames wait for
 *   it, then run in order. What an answer changes (a TriggerMessage allowance, a RemoteStart
 *   TxProfile, a reservation, a configuration snapshot) is thus in place before the station's next
 *   frame is looked at, even when both were read from the socket in one go (ws emits them in one
 *   tick, before the answer's promise callbacks run): a later frame never overtakes an answer.
 *
 * A CALL's handler is started in order but not waited for (as before): its answer may come after
 * a later frame was read, which OCPP-J allows.
 */
export class FrameOrder {
  private tail: Promise<void> | undefined

  /** `report` gets what a sliced handler threw; the station's later frames are handled anyway. */
  constructor(private readonly report: (error: unknown) => void) {}

  /** True while a frame of this station is being handled in slices (later ones wait). */
  get busy(): boolean {
    return this.tail !== undefined
  }

  /** Handles a frame now, or after the frames before it; `handle` returns a promise when it works in slices. */
  run(handle: () => void | Promise<void>): void {
    if (this.tail === undefined) {
      const pending = handle()
      if (pending) this.follow(pending)
      return
    }
    this.follow(this.tail.then(handle))
  }

  private follow(work: Promise<void>): void {
    const tail: Promise<void> = work.catch((error: unknown) => this.report(error))
    this.tail = tail
    void tail.then(() => {
      if (this.tail === tail) this.tail = undefined
    })
  }
}
