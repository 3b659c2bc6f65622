import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const html = readFileSync(resolve(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8')
const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]))

describe('the renderer’s Content-Security-Policy (index.html)', () => {
  it('lets the page connect only to its own origin: /api and the /api/events WebSocket (CSP3 \'self\' covers same-origin ws:), no other host', () => {
    // Inside Electron the page talks over IPC only; in a browser, to the web bridge that served it.
    expect(directives.get('connect-src')).toEqual(["'self'"])
  })

  it('loads scripts only from the app, no plugins, no foreign base or form targets', () => {
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'self'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
    for (const sources of directives.values()) for (const source of sources) expect(source, csp).not.toMatch(/^(ws|wss|http|https):?$|^\*$/)
  })
})
