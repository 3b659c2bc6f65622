import { shallowRef } from 'vue'
import type { Reservation } from '@shared/contract'
import { errorMessage, getClient } from '../api'
import { useTasksStore } from '../stores/tasks'
import { reservationKey } from '../utils/reservation-format'
import { taskFailure } from '../utils/task-outcome'

/**
 * Cancel buttons of a reservations table: CancelReservation through sendCall (main marks the
 * reservation cancelled when the station answers Accepted), its task followed per reservation.
 */
export function useReservationCancel() {
  const client = getClient()
  const tasks = useTasksStore()
  // By reservation key (Maps: the key starts with a station id, which is data).
  const taskIds = shallowRef<ReadonlyMap<string, string>>(new Map())
  const errors = shallowRef<ReadonlyMap<string, string>>(new Map())

  const taskOf = (r: Reservation) => {
    const id = taskIds.value.get(reservationKey(r))
    return id ? tasks.get(id) : undefined
  }

  async function cancel(r: Reservation): Promise<void> {
    const key = reservationKey(r)
    const rest = new Map(errors.value)
    rest.delete(key)
    errors.value = rest
    try {
      const task = await client.invoke('sendCall', { stationId: r.stationId, action: 'CancelReservation', payload: { reservationId: r.reservationId }, wait: false })
      tasks.upsert(task)
      taskIds.value = new Map(taskIds.value).set(key, task.id)
    } catch (err) {
      errors.value = new Map(errors.value).set(key, `CancelReservation not sent: ${errorMessage(err)}`)
    }
  }

  /** The station's answer (Accepted, Rejected) once it came. */
  function answer(r: Reservation): string | undefined {
    const task = taskOf(r)
    const status = task?.state === 'answered' ? (task.response as { status?: unknown } | undefined)?.status : undefined
    return typeof status === 'string' ? status : undefined
  }

  /** Why the cancel did not get an answer, in words. */
  function problem(r: Reservation): string | null {
    const task = taskOf(r)
    return errors.value.get(reservationKey(r)) ?? (task ? taskFailure(task) : null)
  }

  const pending = (r: Reservation): boolean => {
    const task = taskOf(r)
    return task !== undefined && (task.state === 'queued' || task.state === 'sent')
  }

  return { cancel, taskOf, answer, problem, pending }
}
