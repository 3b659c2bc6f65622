import { describe, expect, it } from 'vitest'
import { stepsFor } from '@renderer/utils/file-steps'
import { base64ToBytes, blobToBase64 } from '@renderer/utils/base64'

const states = (kind: 'firmware' | 'diagnostics', status?: string) => stepsFor(kind, status).map((s) => `${s.label}:${s.state}`)

describe('firmware and diagnostics steps', () => {
  it('marks the steps before the latest status done and the latest under way or done', () => {
    expect(states('firmware', 'Installing')).toEqual(['Downloading:done', 'Downloaded:done', 'Installing:active', 'Installed:todo'])
    expect(states('firmware', 'Installed')).toEqual(['Downloading:done', 'Downloaded:done', 'Installing:done', 'Installed:done'])
  })

  it('puts a failure in place of the step it ended', () => {
    expect(states('firmware', 'DownloadFailed')).toEqual(['Downloading:done', 'DownloadFailed:failed', 'Installing:todo', 'Installed:todo'])
    expect(states('firmware', 'InstallationFailed')).toEqual(['Downloading:done', 'Downloaded:done', 'Installing:done', 'InstallationFailed:failed'])
    expect(states('diagnostics', 'UploadFailed')).toEqual(['Uploading:done', 'UploadFailed:failed'])
  })

  it('reaches nothing for Idle, an unknown status or none', () => {
    for (const status of ['Idle', 'Bogus', undefined]) expect(states('firmware', status).every((s) => s.endsWith(':todo'))).toBe(true)
  })
})

describe('base64 of a file read in slices', () => {
  it('joins the slices into the base64 of the whole file and reports the progress', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256)
    const progress: number[] = []
    const base64 = await blobToBase64(new Blob([bytes]), (done) => progress.push(done), 300)
    expect(base64ToBytes(base64)).toEqual(bytes)
    expect(progress).toEqual([0, 300, 600, 900, 1000])
  })
})
