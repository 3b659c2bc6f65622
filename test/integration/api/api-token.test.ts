import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHarness, type Harness } from '../../support/csms-harness'

const TOKEN = 'a-test-token-that-is-long-enough'

describe('the API token (required when the UI/API binds beyond loopback)', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it('refuses commands and the events socket without the token; accepts the Bearer header, and ?token= once, then its cookie', async () => {
    h = await startHarness({ config: { apiToken: TOKEN } })
    expect(h.csms.info.uiUrl).toMatch(/\?token=a-test-token/)
    const post = (headers: Record<string, string> = {}, url = `${h.apiUrl}/getSettings`) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })
    const refused = await post()
    expect(refused.status).toBe(401)
    expect(JSON.stringify(await refused.json())).toMatch(/token/)
    expect((await post({ Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401)
    expect((await post({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200)
    const page = await fetch(`${h.apiUrl.replace(/\/api$/, '/')}?token=${TOKEN}`)
    const cookie = page.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/)
    expect((await post({ Cookie: cookie.split(';')[0]! })).status).toBe(200)

    const eventsUrl = h.apiUrl.replace(/^http/, 'ws') + '/events'
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(eventsUrl, { headers })
        socket.once('open', () => {
          socket.close()
          resolve(101)
        })
        socket.once('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0))
        socket.once('error', () => undefined)
      })
    expect(await status({})).toBe(401)
    expect(await status({ Authorization: `Bearer ${TOKEN}` })).toBe(101)
  })

  it('on loopback without a configured token, nothing is required', async () => {
    h = await startHarness()
    expect(h.csms.info.uiUrl).not.toMatch(/token/)
    expect((await h.http('getSettings')).status).toBe(200)
  })
})
