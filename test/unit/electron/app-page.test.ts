import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appPage, isAppPage } from '../../../src/main/electron/app-page'

const INDEX = '/opt/csms/resources/app.asar/out/renderer/index.html'

describe('the app’s page (what IPC, navigation and permissions are checked against)', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged app: the built index.html is loaded', () => {
    expect(appPage(true, { ELECTRON_RENDERER_URL: 'http://evil.example/' }, INDEX)).toEqual({ kind: 'file', file: INDEX, url: pathToFileURL(INDEX).href })
  })

  it('honours ELECTRON_RENDERER_URL in development, by its exact origin', () => {
    expect(appPage(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, INDEX)).toEqual({ kind: 'dev', url: 'http://localhost:5173/', origin: 'http://localhost:5173' })
  })

  it('in development without a dev server, or with one that is not an http(s) URL, loads the built page', () => {
    expect(appPage(false, {}, INDEX).kind).toBe('file')
    expect(appPage(false, { ELECTRON_RENDERER_URL: 'file:///tmp/evil.html' }, INDEX).kind).toBe('file')
    expect(appPage(false, { ELECTRON_RENDERER_URL: 'not a url' }, INDEX).kind).toBe('file')
  })

  it('matches the built page exactly (percent-encoded paths too), never another file', () => {
    const spaced = appPage(true, {}, '/Users/a b/App/index.html')
    expect(isAppPage(spaced, pathToFileURL('/Users/a b/App/index.html').href + '#/settings')).toBe(true)
    expect(isAppPage(spaced, 'file:///Users/a%20b/App/index.html?x=1')).toBe(true)
    expect(isAppPage(spaced, 'file:///Users/a%20b/App/../App/index.html')).toBe(true) // the same file, normalised by URL parsing
    expect(isAppPage(spaced, 'file:///Users/a%20b/App/evil.html')).toBe(false)
    expect(isAppPage(spaced, 'file:///etc/evil.html')).toBe(false)
    expect(isAppPage(spaced, undefined)).toBe(false)
    expect(isAppPage(spaced, '::not a url')).toBe(false)
  })
})
