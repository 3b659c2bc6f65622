/** A task's result in the command history: what the station answered, and what was learnt after. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { NTag } from 'naive-ui'
import { setClient } from '@renderer/api'
import TaskResult from '@renderer/components/station/TaskResult.vue'
import TaskStateTag from '@renderer/components/station/TaskStateTag.vue'
import TaskHistory from '@renderer/components/station/TaskHistory.vue'
import { isFinal, taskFailure } from '@renderer/utils/task-outcome'
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

describe('a task whose answer could not be used (malformed, issue 18)', () => {
  const reason = 'The GetLocalListVersion answer cannot be made sound (/listVersion: must be an integer from -1 to 2147483647 (-1 = not supported, 0 = empty, else a 32-bit version): 1e+308 was ignored, never adopted). Nothing of it was adopted; the answer as sent is in the message log.'
  const malformed = task('m1', 'malformed', {
    action: 'GetLocalListVersion',
    payload: {},
    messageId: '6f1c-42',
    reason,
    violations: [{ code: 'PropertyConstraintViolation', path: '/listVersion', message: 'must be an integer from -1 to 2147483647: 1e+308 was ignored, never adopted' }],
    finishedAt: '2024-05-01T12:00:01.000Z',
  })

  it('the result says it was answered but not used, with the reason, each violation, the message id and what to do', async () => {
    ;({ wrapper } = await mountWithApp(TaskResult, { task: malformed }))
    await flush()
    const alert = wrapper.find('[data-testid="task-malformed"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('Answered, but the answer could not be used')
    expect(alert.text()).toContain('1e+308 was ignored')
    expect(wrapper.find('[data-testid="task-malformed-violations"]').text()).toContain('PropertyConstraintViolation /listVersion: must be an integer')
    expect(alert.text()).toContain('6f1c-42')
    expect(alert.text()).toMatch(/lenient mode/)
    // No response is shown as if it had been taken.
    expect(wrapper.text()).not.toContain('Response (CALLRESULT)')
    expect(wrapper.find('[data-testid="task-state"]').text()).toBe('malformed')
  })

  it('the state tag shows it as an error, with a title saying nothing was adopted', async () => {
    ;({ wrapper } = await mountWithApp(TaskStateTag, { state: 'malformed' }))
    await flush()
    const tag = wrapper.find('[data-testid="task-state"]')
    expect(tag.text()).toBe('malformed')
    expect(wrapper.findComponent(NTag).props('type')).toBe('error')
    expect(tag.attributes('title')).toMatch(/could not be used/)
  })

  it('is a final state; the command history and failure texts carry its reason', async () => {
    expect(isFinal(malformed)).toBe(true)
    expect(taskFailure(malformed)).toBe(reason)
    ;({ wrapper } = await mountWithApp(TaskHistory, { tasks: [malformed] }))
    await flush()
    expect(wrapper.find('[data-testid="task-history"]').text()).toContain('cannot be made sound')
  })
})
