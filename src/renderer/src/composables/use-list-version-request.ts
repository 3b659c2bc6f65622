import { computed, ref, watch, type Ref } from 'vue'
import { FINAL_TASK_STATES } from '@shared/contract/dto'
import { errorMessage, getClient } from '../api'
import { useStationLocalListsStore } from '../stores/station-local-lists'
import { useTasksStore } from '../stores/tasks'

/**
 * GetLocalListVersion to one station as a task: in progress until it ends; main records the answer
 * as the station's reported version (localListChanged). A failure (timeout, offline, CALLERROR) is
 * told in words.
 */
export function useListVersionRequest(stationId: Ref<string>) {
  const client = getClient()
  const tasks = useTasksStore()
  const lists = useStationLocalListsStore()
  const requesting = ref(false)
  const taskId = ref<string | null>(null)
  const sendError = ref<string | null>(null)
  const task = computed(() => (taskId.value ? tasks.get(taskId.value) : undefined))
  const inProgress = computed(() => requesting.value || (task.value !== undefined && !FINAL_TASK_STATES.includes(task.value.state)))
  const failure = computed(() => {
    if (sendError.value) return sendError.value
    const t = task.value
    if (!t || t.state === 'answered' || !FINAL_TASK_STATES.includes(t.state)) return null
    if (t.state === 'callerror') return `GetLocalListVersion answered with CALLERROR ${t.error?.code ?? ''}: ${t.error?.description ?? ''}`
    return `GetLocalListVersion ${t.state}: ${t.reason ?? 'no answer'}`
  })

  async function request(): Promise<void> {
    requesting.value = true
    sendError.value = null
    try {
      const created = await client.invoke('sendCall', { stationId: stationId.value, action: 'GetLocalListVersion', payload: {}, wait: false })
      tasks.upsert(created)
      taskId.value = created.id
    } catch (err) {
      sendError.value = `GetLocalListVersion was not sent: ${errorMessage(err)}`
    } finally {
      requesting.value = false
    }
  }

  // Answered but the event with the reported version did not come (a missed event): ask main.
  watch(
    () => task.value?.state,
    (state) => {
      const t = task.value
      if (state !== 'answered' || !t) return
      if (lists.get(t.stationId)?.reported?.taskId !== t.id) void lists.load(t.stationId)
    },
  )
  watch(stationId, () => {
    taskId.value = null
    sendError.value = null
  })

  return { request, inProgress, failure, task }
}
