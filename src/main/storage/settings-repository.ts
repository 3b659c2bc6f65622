import type { Settings } from '@shared/contract/dto'
import { deepMerge, type DeepPartial } from './deep-merge'
import { deepFreeze } from './immutable'
import type { StateStore } from './state-store'

/** Global settings. Returned objects are frozen snapshots: cheap to read on every frame, safe to hand out. */
export class SettingsRepository {
  constructor(private readonly store: StateStore) {}

  get(): Settings {
    return this.store.read((data) => data.settings)
  }

  /** Lays `patch` over the current settings (nested objects merge) and returns the result. */
  update(patch: DeepPartial<Settings>): Settings {
    const next = deepFreeze(deepMerge<Settings>(this.get(), patch))
    this.store.update((data) => {
      data.settings = next
    })
    return next
  }
}
