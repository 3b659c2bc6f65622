/**
 * A diagnostics upload over HTTP: PUT (or POST with a raw body) carries one file, a multipart POST
 * one or more (one upload all the same: all kept or none). The body is streamed into the upload
 * session, which enforces the location's quota and the inactivity limit; a body that announces more
 * than the quota is refused before a byte is stored. Answers: 201, 400, 403, 408, 409, 413.
 */
import type { IncomingMessage } from 'node:http'
import type { Readable, Writable } from 'node:stream'
import Busboy from 'busboy'
import { UploadRefused, type DiagnosticsReceiver, type UploadSession } from './diagnostics-receiver'

/** At most this many files, parts and fields in one form. */
const FORM_LIMITS = { files: 10, parts: 30, fields: 20, fieldSize: 64 * 1024, headerPairs: 50 }

/** Pipes `source` into `target`; resolves once every byte is written, rejects when either side fails or the source ends early. */
export function streamInto(source: Readable, target: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false
    const fail = (error: unknown) => {
      if (settled) return
      settled = true
      source.unpipe(target)
      if (!target.destroyed) target.destroy(error instanceof Error ? error : new Error(String(error)))
      reject(error instanceof UploadRefused ? error : new UploadRefused('The upload broke off before its end', 400))
    }
    source.once('error', fail)
    source.once('close', () => {
      if (!source.readableEnded) fail(new UploadRefused('The upload broke off before its end', 400))
    })
    target.once('error', fail)
    target.once('finish', () => {
      if (settled) return
      settled = true
      resolve()
    })
    source.pipe(target)
  })
}

function refusal(error: unknown): UploadRefused {
  return error instanceof UploadRefused ? error : new UploadRefused('The upload could not be stored; try again', 500)
}

export interface UploadReply {
  status: number
  text: string
}

/** Receives one HTTP upload to the location of `token`; the answer to send. */
export async function receiveHttpUpload(receiver: DiagnosticsReceiver, token: string, name: string | undefined, request: IncomingMessage, remote?: string): Promise<UploadReply> {
  const multipart = request.method === 'POST' && (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')
  const via = request.method === 'PUT' ? 'http-put' : 'http-post'
  let session: UploadSession
  try {
    session = receiver.begin(token, via, remote)
  } catch (error) {
    return { status: refusal(error).status, text: refusal(error).message }
  }
  try {
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > session.maxBytes) {
      throw new UploadRefused(`The upload announces ${declared} bytes, more than the limit of ${session.maxBytes} bytes for this location`, 413)
    }
    if (multipart) await receiveForm(session, request)
    else await streamInto(request, await session.file(name))
    const kept = await session.commit()
    const text = kept.length === 1 ? `Stored ${kept[0]!.fileName} (${kept[0]!.size} bytes)` : `Stored ${kept.length} files`
    return { status: 201, text }
  } catch (error) {
    await session.abort(error)
    return { status: refusal(error).status, text: refusal(error).message }
  }
}

/** Every file of a multipart form into the session; rejects on the first failure or a cut. */
function receiveForm(session: UploadSession, request: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: UploadRefused | undefined
    const fail = (error: unknown) => {
      if (failed) return
      failed = refusal(error)
      request.unpipe()
      reject(failed)
    }
    session.onCut = fail
    let form: Busboy.Busboy
    try {
      form = Busboy({ headers: request.headers, limits: FORM_LIMITS })
    } catch (error) {
      return fail(new UploadRefused(`Cannot read the form: ${(error as Error).message}`, 400))
    }
    const pending: Promise<unknown>[] = []
    form.on('file', (_field, stream, info) => {
      if (failed) return void stream.resume()
      pending.push(
        session
          .file(info.filename)
          .then((file) => streamInto(stream, file))
          .catch((error: unknown) => {
            stream.resume()
            fail(error)
          }),
      )
    })
    form.on('filesLimit', () => fail(new UploadRefused(`A form may carry at most ${FORM_LIMITS.files} files`, 413)))
    form.on('partsLimit', () => fail(new UploadRefused(`A form may carry at most ${FORM_LIMITS.parts} parts`, 413)))
    form.on('error', (error) => fail(new UploadRefused(`Cannot read the form: ${(error as Error).message}`, 400)))
    form.on('close', () => {
      void Promise.all(pending).then(() => (failed ? undefined : resolve()))
    })
    request.once('close', () => {
      if (!request.readableEnded) fail(new UploadRefused('The upload broke off before its end', 400))
    })
    request.pipe(form)
  })
}
