import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '@renderer/api'
import { useTasksStore } from '@renderer/stores/tasks'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'

let client: FakeClient

beforeEach(() => {
  setActivePinia(createPinia())
  client = new FakeClient()
  setClient(client)
})

describe('tasks store', () => {
  it('loads the listTasks snapshot newest first', async () => {
    client.handle('listTasks', () => [
      task('b', 'answered', { createdAt: '2024-05-01T12:00:02.000Z' }),
      task('a', 'timeout', { createdAt: '2024-05-01T12:00:01.000Z' }),
    ])
    const store = useTasksStore()
    await store.load()
    expect(store.list.map((t) => t.id)).toEqual(['b', 'a'])
  })

  it('replaces a task by id on taskUpdated and puts new tasks first', async () => {
    client.handle('listTasks', () => [task('a', 'sent', { createdAt: '2024-05-01T12:00:01.000Z' })])
    const store = useTasksStore()
    await store.load()

    client.emit('taskUpdated', task('a', 'answered', { createdAt: '2024-05-01T12:00:01.000Z', response: { status: 'Accepted' } }))
    client.emit('taskUpdated', task('b', 'queued', { createdAt: '2024-05-01T12:00:05.000Z' }))

    expect(store.list.map((t) => [t.id, t.state])).toEqual([
      ['b', 'queued'],
      ['a', 'answered'],
    ])
    expect(store.get('a')?.response).toEqual({ status: 'Accepted' })
  })

  it('does not let an older copy of a task (the sendCall answer) overwrite its final state', () => {
    client.handle('listTasks', () => [])
    const store = useTasksStore()
    client.emit('taskUpdated', task('a', 'answered'))
    store.upsert(task('a', 'queued'))
    expect(store.get('a')?.state).toBe('answered')
  })

  it('lists the tasks of one station', async () => {
    client.handle('listTasks', (args) =>
      args.stationId === 'CP2' ? [task('x', 'offline', { stationId: 'CP2' })] : [task('y', 'answered')],
    )
    const store = useTasksStore()
    await store.load()
    await store.loadStation('CP2')
    expect(store.forStation('CP2').map((t) => t.id)).toEqual(['x'])
    expect(client.callsOf('listTasks')).toContainEqual({ stationId: 'CP2', limit: 200 })
  })
})
