import { computed, onScopeDispose, ref, shallowReactive } from 'vue'
import { defineStore } from 'pinia'
import type { CallTask, TaskState } from '@shared/contract'
// The dto module directly: the contract's index also brings the argument schemas (typebox), which
// the renderer does not need at run time.
import { FINAL_TASK_STATES } from '@shared/contract/dto'
import { errorMessage, getClient, onResync } from '../api'

const MAX_TASKS = 2000

/** queued < sent < any final state: an older copy of a task never replaces a newer one. */
function rank(state: TaskState): number {
  if (FINAL_TASK_STATES.includes(state)) return 2
  return state === 'sent' ? 1 : 0
}

function newestFirst(a: CallTask, b: CallTask): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** Command history: listTasks snapshots merged with taskUpdated events, by task id. */
export const useTasksStore = defineStore('tasks', () => {
  const client = getClient()
  const byId = shallowReactive(new Map<string, CallTask>())
  const loading = ref(false)
  const error = ref<string | null>(null)

  function upsert(task: CallTask): void {
    const old = byId.get(task.id)
    if (old && rank(old.state) > rank(task.state)) return
    // What a TriggerMessage brought is only ever added: a snapshot taken before it came keeps it.
    byId.set(task.id, old?.triggered && !task.triggered ? { ...task, triggered: old.triggered } : task)
    if (byId.size > MAX_TASKS) {
      // Map order is arrival order: drop the earliest arrivals.
      for (const id of byId.keys()) {
        if (byId.size <= MAX_TASKS) break
        byId.delete(id)
      }
    }
  }

  async function fetchInto(args: { stationId?: string; limit: number }): Promise<void> {
    loading.value = true
    try {
      const tasks = await client.invoke('listTasks', args)
      for (let i = tasks.length - 1; i >= 0; i--) upsert(tasks[i] as CallTask)
      error.value = null
    } catch (err) {
      error.value = `Could not load the command history: ${errorMessage(err)}`
    } finally {
      loading.value = false
    }
  }

  /** Loads the most recent tasks of all stations. */
  const load = (): Promise<void> => fetchInto({ limit: 200 })
  /** Loads the most recent tasks of one station. */
  const loadStation = (stationId: string): Promise<void> => fetchInto({ stationId, limit: 200 })

  const offs = [client.on('taskUpdated', upsert), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  const list = computed(() => [...byId.values()].sort(newestFirst))

  function get(id: string): CallTask | undefined {
    return byId.get(id)
  }

  function forStation(stationId: string): CallTask[] {
    return list.value.filter((t) => t.stationId === stationId)
  }

  return { list, loading, error, load, loadStation, upsert, get, forStation }
})
