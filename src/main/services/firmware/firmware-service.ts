/**
 * Firmware updates and diagnostics requests as the CSMS tracks them (OCPP 1.6 §4.4, §4.5, §5.9,
 * §5.19): the request, the station's answer (GetDiagnostics' fileName), every status notification
 * it sends after it, and the diagnostics file that actually arrived at the built-in receivers.
 */
import type { CallTask } from '@shared/contract/dto'
import type { DiagnosticsRequest, DiagnosticsUpload, FirmwareUpdate, StationFileStatus } from '@shared/contract/files-dto'
import type { GetDiagnosticsRequest, UpdateFirmwareRequest } from '@shared/ocpp/payloads'
import type { FilesRepository } from '../../storage/files-repository'
import { isoNow } from '../../util/time'
import { maskText } from '@shared/secret-mask'
import type { EventBus } from '../event-bus'
import { UploadWatch, type UploadWatchDeps } from './upload-watch'

export interface FirmwareServiceDeps {
  repo: FilesRepository
  bus: EventBus
  send(stationId: string, action: 'UpdateFirmware' | 'GetDiagnostics', payload: unknown, warnings: string[]): { task: CallTask }
  warningsFor(stationId: string, action: string, payload: unknown): string[]
  /** Adds what was learnt after the answer to the task's result (an "Uploaded" whose file never came; undefined clears it). */
  annotate(taskId: string, change: { uploadMissing: string | undefined }): void
  /** The upload token in a location made by the built-in receivers, if it is one. */
  tokenOf(location: string): string | undefined
  linkSlot(token: string, taskId: string, request: GetDiagnosticsRequest): void
  /** Flags an "Uploaded" after which no file came to a location of the built-in receivers. */
  uploadWatch: Omit<UploadWatchDeps, 'flag' | 'request'>
}

function outcomeOf(task: CallTask): string {
  return task.state === 'callerror' ? `CALLERROR ${task.error?.code ?? ''}`.trim() : task.state
}

export class FirmwareService {
  private readonly watch: UploadWatch

  constructor(private readonly deps: FirmwareServiceDeps) {
    this.watch = new UploadWatch({
      ...deps.uploadWatch,
      request: (stationId, taskId) => this.status(stationId).diagnostics.history.find((r) => r.taskId === taskId),
      flag: (stationId, taskId, note) => {
        let flagged = false
        this.changeDiagnostics(stationId, taskId, (r) => {
          if (r.uploadId) return r
          flagged = true
          return { ...r, uploadMissing: true, uploadNote: note }
        })
        if (flagged) deps.annotate(taskId, { uploadMissing: note })
      },
    })
  }

  /** Stops the pending "Uploaded without a file" checks. */
  stop(): void {
    this.watch.stop()
  }

  status(stationId: string): StationFileStatus {
    return this.deps.repo.fileStatus(stationId)
  }

  updateFirmware(stationIds: string[], request: UpdateFirmwareRequest): CallTask[] {
    return stationIds.map((stationId) => {
      const { task } = this.deps.send(stationId, 'UpdateFirmware', request, this.deps.warningsFor(stationId, 'UpdateFirmware', request))
      if (!this.status(stationId).firmware.history.some((u) => u.taskId === task.id)) this.startFirmware(task, request)
      return task
    })
  }

  requestDiagnostics(stationId: string, request: GetDiagnosticsRequest): CallTask {
    const { task } = this.deps.send(stationId, 'GetDiagnostics', request, this.deps.warningsFor(stationId, 'GetDiagnostics', request))
    if (!this.status(stationId).diagnostics.history.some((r) => r.taskId === task.id)) this.startDiagnostics(task, request)
    return task
  }

  /** A finished UpdateFirmware or GetDiagnostics (also one sent by hand through sendCall). */
  taskFinished(task: CallTask): void {
    if (task.action === 'UpdateFirmware') {
      const known = this.status(task.stationId).firmware.history.some((u) => u.taskId === task.id)
      if (!known) this.startFirmware(task)
      this.changeFirmware(task.stationId, task.id, (u) => ({ ...u, outcome: outcomeOf(task) }))
    } else if (task.action === 'GetDiagnostics') {
      const known = this.status(task.stationId).diagnostics.history.some((r) => r.taskId === task.id)
      if (!known) this.startDiagnostics(task)
      const fileName = task.state === 'answered' ? (task.response as { fileName?: unknown })?.fileName : undefined
      this.changeDiagnostics(task.stationId, task.id, (r) => ({ ...r, outcome: outcomeOf(task), ...(typeof fileName === 'string' ? { fileName } : {}) }))
    }
  }

  /** FirmwareStatusNotification / DiagnosticsStatusNotification: onto the current request, and as the last status. */
  notified(stationId: string, kind: 'firmware' | 'diagnostics', status: string): void {
    const event = { status, at: isoNow() }
    const current = this.status(stationId)
    if (kind === 'firmware') {
      const active = current.firmware.current
      this.save({
        ...current,
        firmware: {
          ...current.firmware,
          lastStatus: event,
          ...(active ? { current: { ...active, statuses: [...active.statuses, event] }, history: current.firmware.history.map((u) => (u.taskId === active.taskId ? { ...u, statuses: [...u.statuses, event] } : u)) } : {}),
        },
      })
    } else {
      const active = current.diagnostics.current
      this.save({
        ...current,
        diagnostics: {
          ...current.diagnostics,
          lastStatus: event,
          ...(active ? { current: { ...active, statuses: [...active.statuses, event] }, history: current.diagnostics.history.map((r) => (r.taskId === active.taskId ? { ...r, statuses: [...r.statuses, event] } : r)) } : {}),
        },
      })
      if (active && status === 'Uploaded') this.watch.uploaded(stationId, active)
    }
  }

  /** A file arrived: linked to the GetDiagnostics its location was made for. */
  uploaded(upload: DiagnosticsUpload): void {
    if (!upload.requestTaskId) return
    let wasFlagged = false
    this.changeDiagnostics(upload.stationId, upload.requestTaskId, ({ uploadMissing, uploadNote: _note, ...r }) => {
      wasFlagged = uploadMissing === true
      return { ...r, uploadId: upload.id }
    })
    if (wasFlagged) this.deps.annotate(upload.requestTaskId, { uploadMissing: undefined })
  }

  /**
   * `request` is the real one (a task's payload is masked once it is returned by `send`); the
   * location is kept masked all the same (issue 17 §7): a URL password or upload token stays out of
   * the state file and the UI.
   */
  private startFirmware(task: CallTask, request: Partial<UpdateFirmwareRequest> = (task.payload ?? {}) as Partial<UpdateFirmwareRequest>): void {
    const update: FirmwareUpdate = { taskId: task.id, location: maskText(String(request.location ?? '')), retrieveDate: String(request.retrieveDate ?? ''), requestedAt: task.createdAt, statuses: [] }
    const current = this.status(task.stationId)
    this.save({ ...current, firmware: { ...current.firmware, current: update, history: [update, ...current.firmware.history] } })
  }

  private startDiagnostics(task: CallTask, request: Partial<GetDiagnosticsRequest> = (task.payload ?? {}) as Partial<GetDiagnosticsRequest>): void {
    const location = String(request.location ?? '')
    const token = this.deps.tokenOf(location)
    if (token) this.deps.linkSlot(token, task.id, request as GetDiagnosticsRequest)
    const entry: DiagnosticsRequest = { taskId: task.id, location: maskText(location), requestedAt: task.createdAt, statuses: [] }
    const current = this.status(task.stationId)
    this.save({ ...current, diagnostics: { ...current.diagnostics, current: entry, history: [entry, ...current.diagnostics.history] } })
  }

  private changeFirmware(stationId: string, taskId: string, change: (u: FirmwareUpdate) => FirmwareUpdate): void {
    const current = this.status(stationId)
    const firmware = { ...current.firmware, history: current.firmware.history.map((u) => (u.taskId === taskId ? change(u) : u)) }
    if (current.firmware.current?.taskId === taskId) firmware.current = change(current.firmware.current)
    this.save({ ...current, firmware })
  }

  private changeDiagnostics(stationId: string, taskId: string, change: (r: DiagnosticsRequest) => DiagnosticsRequest): void {
    const current = this.status(stationId)
    const diagnostics = { ...current.diagnostics, history: current.diagnostics.history.map((r) => (r.taskId === taskId ? change(r) : r)) }
    if (current.diagnostics.current?.taskId === taskId) diagnostics.current = change(current.diagnostics.current)
    this.save({ ...current, diagnostics })
  }

  private save(status: StationFileStatus): void {
    this.deps.repo.saveFileStatus(status)
    this.deps.bus.emit('fileStatusChanged', this.deps.repo.fileStatus(status.stationId))
  }
}
