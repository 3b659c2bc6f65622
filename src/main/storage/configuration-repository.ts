import type { ConfigurationSnapshot, SnapshotStore } from '../services/configuration-snapshot'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/** The configuration snapshot of each station. */
export class ConfigurationRepository implements SnapshotStore {
  constructor(private readonly store: StateStore) {}

  get(stationId: string): ConfigurationSnapshot | undefined {
    return this.store.read((data) => ownValue(data.configurations, stationId))
  }

  put(snapshot: ConfigurationSnapshot): void {
    this.store.update((data) => {
      setEntry(data.configurations, snapshot.stationId, frozenCopy(snapshot))
    })
  }
}
