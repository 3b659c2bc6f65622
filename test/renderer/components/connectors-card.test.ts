import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import ConnectorsCard from '@renderer/components/station/ConnectorsCard.vue'
import ConnectorDots from '@renderer/components/stations/ConnectorDots.vue'
import { mount } from '@vue/test-utils'
import type { ConnectorStatus } from '@shared/contract'
import { resetClient, setClient } from '@renderer/api'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'

const at = '2024-05-01T12:00:00.000Z'
const connectors: Record<string, ConnectorStatus> = {
  '0': { connectorId: 0, status: 'Available', errorCode: 'NoError', receivedAt: at },
  '2': { connectorId: 2, status: 'Faulted', errorCode: 'ConnectorLockFailure', info: 'lock jammed', vendorId: 'com.acme', vendorErrorCode: 'E42', receivedAt: at },
  '1': {
    connectorId: 1,
    status: 'Charging',
    errorCode: 'OtherError',
    timestamp: '2024-05-01T11:59:00.000Z',
    receivedAt: at,
    warnings: ['Error OtherError reported while Charging (not Faulted)'],
  },
}

let wrapper: VueWrapper | undefined
let client: FakeClient
beforeEach(() => {
  client = new FakeClient()
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  resetClient()
})

describe('ConnectorsCard', () => {
  it('lists connector 0 and each connector in order with status, error code, vendor codes and warnings', async () => {
    ;({ wrapper } = await mountWithApp(ConnectorsCard, { stationId: 'CP1', connectors }))
    const ids = wrapper.findAll('[data-testid^="connector-status-"]').map((w) => w.attributes('data-testid'))
    expect(ids).toEqual(['connector-status-0', 'connector-status-1', 'connector-status-2'])
    expect(wrapper.find('[data-testid="connector-status-1"]').text()).toBe('Charging')
    expect(wrapper.find('[data-testid="connector-status-2"]').text()).toBe('Faulted')
    expect(wrapper.find('[data-testid="connector-error-2"]').classes()).toContain('error-code')
    expect(wrapper.find('[data-testid="connector-error-0"]').classes()).not.toContain('error-code')
    expect(wrapper.find('[data-testid="connector-2"]').text()).toContain('E42')
    expect(wrapper.find('[data-testid="connector-2"]').text()).toContain('lock jammed')
    expect(wrapper.find('[data-testid="connector-warning-1"]').text()).toContain('OtherError')
  })

  it('says so when no status was received', async () => {
    ;({ wrapper } = await mountWithApp(ConnectorsCard, { stationId: 'CP1' }))
    expect(wrapper.text()).toContain('No StatusNotification received yet')
  })

  it('loads a connector history when expanded', async () => {
    client.handle('getStatusHistory', () => [
      { connectorId: 2, status: 'Faulted', errorCode: 'ConnectorLockFailure', receivedAt: at },
      { connectorId: 2, status: 'Preparing', errorCode: 'NoError', receivedAt: '2024-05-01T11:58:00.000Z' },
    ])
    ;({ wrapper } = await mountWithApp(ConnectorsCard, { stationId: 'CP1', connectors }))
    await wrapper.find('[data-testid="connector-history-toggle-2"]').trigger('click')
    await flush()
    await flush()
    expect(client.callsOf('getStatusHistory')).toEqual([{ stationId: 'CP1', connectorId: 2, limit: 50 }])
    const history = wrapper.find('[data-testid="connector-history-2"]')
    expect(history.text()).toContain('Preparing')
    expect(history.findAll('tr')).toHaveLength(2)
  })

  it('a status the CSMS could not show whole is a history line marked so (issue 18 §4)', async () => {
    client.handle('getStatusHistory', () => [
      { connectorId: 2, status: 'Faulted', errorCode: 'ConnectorLockFailure', receivedAt: at },
      { connectorId: 2, status: '', errorCode: '', receivedAt: '', unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' },
    ])
    ;({ wrapper } = await mountWithApp(ConnectorsCard, { stationId: 'CP1', connectors }))
    await wrapper.find('[data-testid="connector-history-toggle-2"]').trigger('click')
    await flush()
    await flush()
    const history = wrapper.find('[data-testid="connector-history-2"]')
    expect(history.findAll('tr')).toHaveLength(2)
    expect(history.findAll('[data-testid="unreadable"]')).toHaveLength(1)
  })
})

describe('ConnectorDots', () => {
  it('draws one coloured dot per connector with a summary tooltip', () => {
    const dots = mount(ConnectorDots, { props: { connectors } })
    expect(dots.findAll('.dot').map((d) => d.attributes('data-status'))).toEqual(['Available', 'Charging', 'Faulted'])
    expect(dots.find('[data-testid="connector-dots"]').attributes('title')).toContain('Connector 2: Faulted (ConnectorLockFailure)')
    dots.unmount()
  })
})
