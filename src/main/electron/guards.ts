/**
 * What a page in the app's windows may do beyond IPC: no browser permission at all (camera,
 * microphone, notifications, geolocation, USB/HID/serial devices, clipboard read…), except the
 * sanitized clipboard write the app's own page uses for its Copy buttons (Chromium still requires a
 * user gesture for it); no navigation away from the app's page, no new windows, no <webview>.
 * Typed structurally so tests pass fakes for the session and webContents.
 */
import { isAppPage, type AppPage } from './app-page'

type PermissionDetails = { requestingUrl?: string; isMainFrame?: boolean }

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean): void
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void
}

type Preventable = { preventDefault(): void; url?: string }

export interface GuardedContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Preventable, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown
}

const CLIPBOARD_WRITE = 'clipboard-sanitized-write'

/** The one permission granted: the sanitized clipboard write, to the app's own top-level page. */
export function permissionAllowed(page: AppPage, permission: string, details: PermissionDetails | undefined): boolean {
  return permission === CLIPBOARD_WRITE && details?.isMainFrame === true && isAppPage(page, details.requestingUrl)
}

export function guardSession(session: SessionLike, page: AppPage): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(page, permission, details)))
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => permissionAllowed(page, permission, details))
  session.setDevicePermissionHandler(() => false)
}

/** Applied to every webContents the app creates. Links to web sites open in the system browser. */
export function guardWebContents(contents: GuardedContentsLike, page: AppPage, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url) && !isAppPage(page, url)) openExternal(url)
    return { action: 'deny' }
  })
  const stayOnApp = (event: Preventable, url: string) => {
    if (!isAppPage(page, event.url ?? url)) event.preventDefault()
  }
  contents.on('will-navigate', stayOnApp)
  contents.on('will-redirect', stayOnApp)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
