/** A task's result in the command history: what the station answered, and what was learnt after. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import TaskResult from '@renderer/components/station/TaskResult.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let wrapper: VueWrapper | undefined

beforeEach(() => setClient(new FakeClient()))
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const diagnostics = (extra: Parameters<typeof task>[2] = {}) =>
  task('d1', 'answered', { action: 'GetDiagnostics', payload: { location: 'ftp://diagnostics:<hidden: 24 characters>@10.0.0.2:2121/' }, response: { fileName: 'diag.zip' }, finishedAt: '2024-05-01T12:00:01.000Z', ...extra })

describe('a task result', () => {
  it('warns when the station said Uploaded for a GetDiagnostics and no file arrived, with what to check (issue 17 §6)', async () => {
    ;({ wrapper } = await mountWithApp(TaskResult, { task: diagnostics({ uploadMissing: 'The station reported Uploaded, but no file arrived at the location made for this request within 15 s. Check the firewall.' }) }))
    await flush()
    const alert = wrapper.find('[data-testid="task-upload-missing"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('Uploaded, but no file arrived')
    expect(alert.text()).toContain('Check the firewall.')
  })

  it('says nothing of the kind when the file came', async () => {
    ;({ wrapper } = await mountWithApp(TaskResult, { task: diagnostics() }))
    await flush()
    expect(wrapper.find('[data-testid="task-upload-missing"]').exists()).toBe(false)
  })
})
