/**
 * The web bridge's raw firmware upload: `PUT /api/firmware-files?name=…` with the file as the body,
 * through XMLHttpRequest for its upload progress (fetch has none). The custom header is what tells
 * the server the request comes from this page, not from another site.
 */
import { FIRMWARE_UPLOAD_HEADER, FIRMWARE_UPLOAD_PATH, type FirmwareFile } from '@shared/contract'
import { ApiError } from './api-error'

/** The part of XMLHttpRequest used here (a fake in tests). */
export interface XhrLike {
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: Blob): void
  readonly status: number
  readonly responseText: string
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}

export type UploadProgress = (sent: number, total: number) => void

function failure(status: number, text: string): ApiError {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error
    if (error && typeof error.code === 'string' && typeof error.message === 'string') return new ApiError(error.code, error.message)
  } catch {
    // not JSON
  }
  return new ApiError(status >= 500 ? 'Internal' : 'BadResponse', `The upload was answered with HTTP ${status}`)
}

export function uploadFirmware(baseUrl: string, file: Blob, name: string, onProgress?: UploadProgress, createXhr: () => XhrLike = () => new XMLHttpRequest() as unknown as XhrLike): Promise<FirmwareFile> {
  return new Promise((resolve, reject) => {
    const xhr = createXhr()
    const url = new URL(FIRMWARE_UPLOAD_PATH, baseUrl)
    url.searchParams.set('name', name)
    xhr.open('PUT', url.toString())
    xhr.setRequestHeader(FIRMWARE_UPLOAD_HEADER, '1')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size)
    xhr.onload = () => {
      if (xhr.status !== 201) return reject(failure(xhr.status, xhr.responseText))
      try {
        resolve(JSON.parse(xhr.responseText) as FirmwareFile)
      } catch {
        reject(new ApiError('BadResponse', 'The upload was answered with something that is not JSON'))
      }
    }
    xhr.onerror = () => reject(new ApiError('NetworkError', `The upload of ${name} broke off: check that the CSMS is running, then try again`))
    xhr.onabort = () => reject(new ApiError('NetworkError', `The upload of ${name} was cancelled`))
    xhr.send(file)
  })
}
