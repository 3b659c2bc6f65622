import { describe, expect, it } from 'vitest'
import { ApiError } from '@renderer/api'
import { uploadFirmware, type XhrLike } from '@renderer/transport/firmware-upload'
import { createHttpTransport } from '@renderer/transport/http-transport'
import { createIpcTransport } from '@renderer/transport/ipc-transport'
import { frameBatched } from '@renderer/transport/frame-batched'

class FakeXhr implements XhrLike {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: Blob | undefined
  status = 0
  responseText = ''
  upload: XhrLike['upload'] = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  open(method: string, url: string): void {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value
  }
  send(body: Blob): void {
    this.body = body
  }
  answer(status: number, body: unknown): void {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

const file = new File(['0123456789'], 'fw 1.bin')

describe('the raw firmware upload of the web bridge', () => {
  it('PUTs the file to /api/firmware-files with its name and the header that proves the page, and reports progress', async () => {
    const xhr = new FakeXhr()
    const progress: number[][] = []
    const done = uploadFirmware('http://127.0.0.1:8180', file, 'fw 1.bin', (sent, total) => progress.push([sent, total]), () => xhr)
    expect(xhr.method).toBe('PUT')
    expect(xhr.url).toBe('http://127.0.0.1:8180/api/firmware-files?name=fw+1.bin')
    expect(xhr.headers).toEqual({ 'X-CSMS-Upload': '1', 'Content-Type': 'application/octet-stream' })
    expect(xhr.body).toBe(file)
    xhr.upload.onprogress!({ loaded: 4, total: 10, lengthComputable: true })
    xhr.upload.onprogress!({ loaded: 10, total: 0, lengthComputable: false })
    xhr.answer(201, { id: 'f1', name: 'fw 1.bin', size: 10 })
    expect(await done).toMatchObject({ id: 'f1', size: 10 })
    expect(progress).toEqual([[4, 10], [10, 10]])
  })

  it('turns a refusal into an ApiError with the server’s message, and a broken connection into a NetworkError', async () => {
    const refused = new FakeXhr()
    const first = uploadFirmware('http://127.0.0.1:8180', file, 'fw.bin', undefined, () => refused)
    refused.answer(413, { error: { code: 'BadRequest', message: 'more than the largest upload' } })
    await expect(first).rejects.toMatchObject({ code: 'BadRequest', message: 'more than the largest upload' })
    const broken = new FakeXhr()
    const second = uploadFirmware('http://127.0.0.1:8180', file, 'fw.bin', undefined, () => broken)
    broken.onerror!()
    await expect(second).rejects.toBeInstanceOf(ApiError)
    await expect(second).rejects.toMatchObject({ code: 'NetworkError' })
  })

  it('the browser transport offers it (kind http), the IPC transport does not (kind ipc: native dialogs), batching keeps both', () => {
    const http = frameBatched(createHttpTransport({ baseUrl: 'http://127.0.0.1:8180', webSocket: () => ({ onopen: null, onclose: null, onerror: null, onmessage: null, send: () => {}, close: () => {} }) }))
    expect(http.kind).toBe('http')
    expect(typeof http.uploadFirmware).toBe('function')
    http.close()
    const ipc = frameBatched(createIpcTransport({ invoke: async () => ({ ok: true, json: 'null' }), on: () => () => {}, subscribe: () => {} }))
    expect(ipc.kind).toBe('ipc')
    expect(ipc.uploadFirmware).toBeUndefined()
  })
})
