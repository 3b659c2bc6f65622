import { describe, expect, it, vi } from 'vitest'
import { appPage } from '../../../src/main/electron/app-page'
import { guardSession, guardWebContents, type GuardedContentsLike, type SessionLike } from '../../../src/main/electron/guards'

const page = appPage(true, {}, '/app/index.html')
const APP = 'file:///app/index.html'

function fakeSession() {
  const handlers: { request?: Parameters<SessionLike['setPermissionRequestHandler']>[0]; check?: Parameters<SessionLike['setPermissionCheckHandler']>[0]; device?: Parameters<SessionLike['setDevicePermissionHandler']>[0] } = {}
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => void (handlers.request = h),
    setPermissionCheckHandler: (h) => void (handlers.check = h),
    setDevicePermissionHandler: (h) => void (handlers.device = h),
  }
  return { session, handlers }
}

const PERMISSIONS = ['media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'display-capture', 'clipboard-read', 'hid', 'serial', 'usb', 'idle-detection', 'fileSystem', 'window-management', 'storage-access', 'unknown']

describe('Electron session: browser permissions', () => {
  it('denies every permission request and check, for the app’s own page too', () => {
    const { session, handlers } = fakeSession()
    guardSession(session, page)
    for (const permission of PERMISSIONS) {
      const callback = vi.fn()
      handlers.request!(null, permission, callback, { requestingUrl: APP, isMainFrame: true })
      expect(callback, permission).toHaveBeenCalledWith(false)
      expect(handlers.check!(null, permission, 'file:///', { requestingUrl: APP, isMainFrame: true }), permission).toBe(false)
    }
    expect(handlers.device!({ deviceType: 'usb', origin: 'file:///' })).toBe(false)
  })

  it('grants only the sanitized clipboard write (Copy buttons), to the app’s top-level page alone', () => {
    const { session, handlers } = fakeSession()
    guardSession(session, page)
    const requested = (details: { requestingUrl?: string; isMainFrame?: boolean }) => {
      const callback = vi.fn()
      handlers.request!(null, 'clipboard-sanitized-write', callback, details)
      return callback.mock.calls[0]![0] as boolean
    }
    expect(requested({ requestingUrl: `${APP}#/stations`, isMainFrame: true })).toBe(true)
    expect(handlers.check!(null, 'clipboard-sanitized-write', 'file:///', { requestingUrl: APP, isMainFrame: true })).toBe(true)
    expect(requested({ requestingUrl: 'file:///etc/evil.html', isMainFrame: true })).toBe(false)
    expect(requested({ requestingUrl: APP, isMainFrame: false })).toBe(false)
    expect(requested({ requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false)
    expect(handlers.check!(null, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: false })).toBe(false)
  })
})

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void; url?: string }, url: string) => void>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined
  const contents: GuardedContentsLike = {
    setWindowOpenHandler: (h) => void (openHandler = h),
    on: (event: string, listener: (event: { preventDefault(): void; url?: string }, url: string) => void) => listeners.set(event, listener),
  }
  const emit = (event: string, url = '') => {
    const preventDefault = vi.fn()
    listeners.get(event)!({ preventDefault, url }, url)
    return preventDefault.mock.calls.length > 0
  }
  return { contents, emit, open: (url: string) => openHandler!({ url }) }
}

describe('Electron webContents: navigation and new windows', () => {
  it('stays on the app: navigation and redirects elsewhere are prevented, in-app ones allowed', () => {
    const { contents, emit } = fakeContents()
    guardWebContents(contents, page, () => undefined)
    expect(emit('will-navigate', `${APP}#/firmware`)).toBe(false)
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///app/other.html', 'http://127.0.0.1:8180/']) {
      expect(emit('will-navigate', url), url).toBe(true)
      expect(emit('will-redirect', url), url).toBe(true)
    }
    expect(emit('will-attach-webview')).toBe(true)
  })

  it('opens no new window: web links go to the system browser, anything else nowhere', () => {
    const { contents, open } = fakeContents()
    const external = vi.fn()
    guardWebContents(contents, page, external)
    for (const url of ['https://example.org/docs', 'file:///etc/passwd', 'javascript:alert(1)', APP, 'smb://host/share']) expect(open(url), url).toEqual({ action: 'deny' })
    expect(external.mock.calls).toEqual([['https://example.org/docs']])
  })
})
