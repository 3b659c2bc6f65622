/**
 * The Smart Charging service (charging-service.ts): what it names when it sends, and what it logs
 * when a stored report cannot be used.
 */
import { describe, expect, it, vi } from 'vitest'
import type { ReportedComposite } from '@shared/contract/charging-dto'
import { chargingService, iso, NOW, template } from './charging-service-fixture'

describe('sending and logging', () => {
  it('a profile goes out as SetChargingProfile, and its remarks are asked for that action', async () => {
    const warningsFor = vi.fn(() => [])
    const { charging, sent } = await chargingService({ warningsFor })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template() })
    expect(sent[0]!.action).toBe('SetChargingProfile')
    expect(warningsFor).toHaveBeenCalledWith('CP1', 'SetChargingProfile', sent[0]!.payload)
  })

  it('a stored report the view cannot use is logged as moved to quarantine, naming the station and connector', async () => {
    const { charging, repo, warned } = await chargingService()
    const broken = { connectorId: 1, requested: { duration: 600 }, status: 'Accepted', scheduleStart: iso(NOW), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null }, receivedAt: iso(NOW), taskId: 'g' } as unknown as ReportedComposite
    repo.setReported('CP1', broken)
    await charging.view('CP1')
    const line = warned.find((w) => w.startsWith('Smart Charging: the stored GetCompositeSchedule answer'))!
    expect(line).toMatch(/of CP1 connector 1 could not be used \(.*error id [0-9a-f]{8}.*\); it was moved to quarantine\.$/)
  })

  it('when the record was set aside in a file, the log line names that file in the data folder', async () => {
    const { charging, repo, warned } = await chargingService()
    const setAside = repo.quarantineReported.bind(repo)
    vi.spyOn(repo, 'quarantineReported').mockImplementation((...args) => {
      const note = setAside(...args)
      return note && { ...note, file: 'quarantine/cp1-composite.json' }
    })
    repo.setReported('CP1', { connectorId: 1, requested: { duration: 600 }, status: 'Accepted', scheduleStart: iso(NOW), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null }, receivedAt: iso(NOW), taskId: 'g' } as unknown as ReportedComposite)
    await charging.view('CP1')
    const line = warned.find((w) => w.startsWith('Smart Charging: the stored GetCompositeSchedule answer'))!
    expect(line).toMatch(/it was moved to quarantine \(quarantine\/cp1-composite\.json in the data folder\)\.$/)
  })
})
