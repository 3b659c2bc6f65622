import { onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { CommandArgs, FileSettings, OcppSettings, SecuritySettings, Settings } from '@shared/contract'
import { getClient, onResync } from '../api'
import { createWholeSnapshot } from './whole-snapshot'

export type OcppSettingsPatch = NonNullable<CommandArgs<'updateSettings'>['ocpp']>
export type FileSettingsPatch = NonNullable<CommandArgs<'updateSettings'>['files']>
export type SecuritySettingsPatch = NonNullable<CommandArgs<'updateSettings'>['security']>

/** Global settings: the getSettings snapshot, then settingsUpdated events (from this window or any other client). */
export const useSettingsStore = defineStore('settings', () => {
  const client = getClient()
  const { value: settings, loading, loaded, error, apply, load } = createWholeSnapshot<Settings | null>(() => client.invoke('getSettings', {}), null, 'the settings')

  /**
   * Saves the given OCPP settings only (the others stay as they are) and shows the answer at once.
   * Throws the ApiError when main refuses the change or cannot be reached.
   */
  async function saveOcpp(patch: OcppSettingsPatch): Promise<OcppSettings> {
    const result = await client.invoke('updateSettings', { ocpp: patch })
    apply(result)
    return result.ocpp
  }

  /** The same for the file services settings (upload size limit, address put into URLs). */
  async function saveFiles(patch: FileSettingsPatch): Promise<FileSettings> {
    const result = await client.invoke('updateSettings', { files: patch })
    apply(result)
    return result.files
  }

  /** The same for the security settings (allowed host names and OCPP origins). */
  async function saveSecurity(patch: SecuritySettingsPatch): Promise<SecuritySettings> {
    const result = await client.invoke('updateSettings', { security: patch })
    apply(result)
    return result.security
  }

  const offs = [client.on('settingsUpdated', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { settings, loading, loaded, error, load, saveOcpp, saveFiles, saveSecurity, apply }
})
