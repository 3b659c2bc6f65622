import type { StoredCredential } from '../services/basic-auth'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/** Basic-auth credentials per station (salted hashes). */
export class CredentialRepository {
  constructor(private readonly store: StateStore) {}

  get(stationId: string): StoredCredential | undefined {
    return this.store.read((data) => ownValue(data.credentials, stationId))
  }

  /** Written to disk before it resolves: a password change must not be lost. */
  async set(stationId: string, credential: StoredCredential | undefined): Promise<void> {
    this.store.update((data) => {
      if (credential) setEntry(data.credentials, stationId, frozenCopy(credential))
      else delete data.credentials[stationId]
    })
    await this.store.flushNow()
  }
}
