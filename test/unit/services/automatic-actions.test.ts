import { describe, expect, it } from 'vitest'
import type { OcppSettings } from '@shared/contract/dto'
import { AutomaticActions } from '../../../src/main/services/automatic-actions'
import { DEFAULT_SETTINGS } from '../../../src/main/storage'

function actions(over: Partial<OcppSettings>) {
  const sent: [string, string][] = []
  const auto = new AutomaticActions({
    settings: () => ({ ...DEFAULT_SETTINGS.ocpp, ...over }),
    send: (stationId, action) => void sent.push([stationId, action]),
    later: (fn) => fn(),
  })
  return { auto, sent }
}

describe('automatic actions', () => {
  it('fetches the whole configuration after an Accepted or Pending boot when the setting is on', () => {
    const { auto, sent } = actions({ fetchConfigurationAfterBoot: true })
    auto.afterBoot('CP1', 'Accepted')
    auto.afterBoot('CP2', 'Pending')
    expect(sent).toEqual([['CP1', 'GetConfiguration'], ['CP2', 'GetConfiguration']])
  })

  it('sends nothing to a Rejected station (OCPP 1.6 §4.2)', () => {
    const { auto, sent } = actions({ fetchConfigurationAfterBoot: true })
    auto.afterBoot('CP1', 'Rejected')
    expect(sent).toEqual([])
  })

  it('certification mode sends nothing unasked, whatever the other settings say', () => {
    const { auto, sent } = actions({ fetchConfigurationAfterBoot: true, certificationMode: true })
    auto.afterBoot('CP1', 'Accepted')
    expect(sent).toEqual([])
  })

  it('sends nothing when the fetch after boot is off', () => {
    const { auto, sent } = actions({ fetchConfigurationAfterBoot: false })
    auto.afterBoot('CP1', 'Accepted')
    expect(sent).toEqual([])
  })
})
