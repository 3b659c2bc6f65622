import { computed, type WatchSource } from 'vue'
import type { CallTask } from '@shared/contract'
import { useTasksStore } from '../stores/tasks'
import { useSend } from './use-send'

/**
 * useSend for a command that creates tasks (rule 7: commands are tasks): they go into the tasks
 * store, and the first is followed to its outcome through taskUpdated.
 */
export function useTaskSend(resetOn: WatchSource, failure: string) {
  const tasks = useTasksStore()
  const { sending, error, started: taskId, send: run } = useSend<string>(resetOn, failure)
  const task = computed(() => (taskId.value ? tasks.get(taskId.value) : undefined))

  /** Sends; resolves to the id of the task followed, or null when nothing was sent. */
  function send(start: () => Promise<CallTask | CallTask[]>): Promise<string | null> {
    return run(async () => {
      const created = await start()
      const list = Array.isArray(created) ? created : [created]
      list.forEach((t) => tasks.upsert(t))
      const first = list[0]
      if (!first) throw new Error('the CSMS created no task')
      return first.id
    })
  }

  return { sending, error, task, send }
}
