import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import OverridesCard from '@renderer/components/station/OverridesCard.vue'
import type { StationDetail } from '@shared/contract'
import { station } from '../fixtures'
import { flush } from '../mount-helpers'

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

function detail(overrides: StationDetail['overrides']): StationDetail {
  return {
    ...station('CP1', true),
    overrides,
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: overrides.heartbeatIntervalSec ?? 300, pingIntervalSec: 30, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
  }
}

describe('station overrides', () => {
  it('sends null to clear an override and the new value to set one, nothing for untouched settings', async () => {
    wrapper = mount(OverridesCard, { props: { detail: detail({ heartbeatIntervalSec: 60 }) }, attachTo: document.body })
    const save = wrapper.find('[data-testid="overrides-save"]')
    expect(save.attributes('disabled')).toBeDefined()

    await wrapper.find('[data-testid="override-heartbeatIntervalSec"] input').setValue('')
    await wrapper.find('[data-testid="override-heartbeatIntervalSec"] input').trigger('blur')
    await wrapper.find('[data-testid="override-callTimeoutSec"] input').setValue('45')
    await wrapper.find('[data-testid="override-callTimeoutSec"] input').trigger('blur')
    await flush()
    await wrapper.find('[data-testid="overrides-save"]').trigger('click')
    expect(wrapper.emitted('save')?.[0]).toEqual([{ heartbeatIntervalSec: null, callTimeoutSec: 45 }])
  })
})
