/**
 * One CS→CP call over real sockets, for the integration tests: the CSMS sends it
 * (through the API), the scripted charge point receives it and answers, and the test waits until
 * the CSMS has finished the task.
 */
import type { CallTask } from '@shared/contract'
import type { Harness } from './csms-harness'
import type { Frame, ScriptedChargePoint } from './scripted-charge-point'

/** Sends through the API and answers the CALL on the station; returns what the station received and the finished task. */
export async function exchange(h: Harness, cp: ScriptedChargePoint, action: string, send: () => Promise<CallTask>, answer: unknown): Promise<{ call: Frame; task: CallTask }> {
  const incoming = cp.nextCall(action)
  const task = await send()
  const call = await incoming
  const done = new Promise<CallTask>((resolve) => {
    const off = h.csms.bus.on('taskUpdated', (t) => {
      if (t.id === task.id && t.finishedAt) {
        off()
        resolve(t)
      }
    })
  })
  cp.answer(call, answer)
  return { call, task: await done }
}
