/**
 * The composition root: storage, the OCPP server, the services, the API and the web bridge, wired
 * together. Runs under plain Node (headless, tests, benchmarks) and inside Electron's main process.
 */
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { TlsNames } from './ocpp/tls-certificates'
import { TlsService } from './services/tls/tls-service'
import type { ServerInfo } from '@shared/contract/dto'
import { createApi, type Api } from './api'
import type { AppConfig } from './config/app-config'
import type { FrameLogEntry } from './ocpp/connection'
import { OcppServer } from './ocpp/server'
import { createOcppValidator } from './ocpp/validator'
import { createDispatcher } from './profiles'
import { createCommandWarnings } from './profiles/command-warnings'
import { AutomaticActions } from './services/automatic-actions'
import { createStationAdmission } from './services/auth/station-admission'
import { securityProfileRaiser } from './services/auth/security-profile-raise'
import { createCallChecker } from './services/call-check'
import { TriggerAllowances } from './services/trigger-allowances'
import { ChargingService } from './services/smart-charging/charging-service'
import { LocalListService } from './services/local-list/local-list-service'
import { ReservationService } from './services/reservations/reservation-service'
import { FileServices } from './files/file-services'
import { FirmwareImports, type FileDialogs } from './files/firmware-imports'
import { createFirmwareUploadRoute } from './web/firmware-upload-route'
import { endpointUrls, reachableHosts } from './endpoint-urls'
import { firmwareAdder, type FilesApiDeps } from './api/files-handlers'
import { DEFAULT_UPLOAD_MISSING_GRACE_MS, defaultSchedule, type FileTuning } from './files/file-tuning'
import { FirmwareService } from './services/firmware/firmware-service'
import { TriggerFollowUps } from './services/trigger-followups'
import { DEFAULT_CONFIG, isLoopback } from './config/app-config'
import { apiTokenFor } from './web/api-token'
import { ConfigurationSnapshots } from './services/configuration-snapshot'
import { CallService } from './services/call-service'
import { keptTask } from './services/task-bounds'
import { DataTransferRegistry } from './services/data-transfer-registry'
import { EventBus } from './services/event-bus'
import { IdTagService } from './services/id-tag-service'
import { LogBatcher } from './services/log-batcher'
import { StationService } from './services/station-service'
import { TransactionService } from './services/transaction-service'
import { openStorage, type OpenStorageOptions, type Storage } from './storage'
import { isoNow } from './util/time'
import { WebBridge } from './web/web-bridge'
import { hostAllowLists } from './web/host-allow-list'
import type { HttpLimits } from './web/server-limits'

export interface CsmsOptions {
  config: Pick<AppConfig, 'ocppHost' | 'ocppPort' | 'apiHost' | 'apiPort'> & Partial<Pick<AppConfig, 'filesHost' | 'filesPort' | 'ftpPort' | 'ftpPassivePorts' | 'apiToken' | 'tls' | 'tlsPort' | 'tlsCertFiles' | 'tlsKeyFiles' | 'importDir'>>
  dataDir: string
  /** Keep state in memory (tests). */
  inMemory?: boolean
  /** Built renderer to serve on the web bridge. */
  rendererDir?: string
  version?: string
  /** Where operational messages go (default: console). */
  logger?: Pick<Console, 'info' | 'warn' | 'error'>
  /** Native file dialogs (the desktop app); absent headless. */
  dialogs?: FileDialogs
  /** Short limits and a clock for the file receivers (tests). */
  fileTuning?: FileTuning
  /** Milliseconds clock of time-based policies such as the Basic-auth back-off (tests; default Date.now). */
  clock?: () => number
  /** The names generated TLS certificates are made for and checked against (default: this PC's host name and IPv4 addresses). */
  tlsNames?: () => TlsNames
  /** How often those names are compared with the generated certificates (default 60 s). */
  tlsCheckIntervalMs?: number
  /** Timeouts and connection caps of the UI/API and OCPP servers, over their defaults (tests use short ones). */
  httpLimits?: Partial<HttpLimits>
  /** Tuning of the journals that hold back CALLRESULTs until durable (tests: a gated datasync). */
  recordJournals?: OpenStorageOptions['records']
  /** How long state changes may wait for their background write (tests; default 50 ms). */
  stateFlushDelayMs?: number
}

export interface Csms {
  info: ServerInfo
  /** Register vendor-specific DataTransfer handlers here. */
  dataTransfer: DataTransferRegistry
  api: Api
  bus: EventBus
  ocpp: OcppServer
  storage: Storage
  files: FileServices
  stop(): Promise<void>
}

export { OCPP_PATH, reachableHosts } from './endpoint-urls'

export async function startCsms(options: CsmsOptions): Promise<Csms> {
  const logger = options.logger ?? console
  const storage = await openStorage({ dataDir: options.dataDir, inMemory: options.inMemory, records: options.recordJournals, stateFlushDelayMs: options.stateFlushDelayMs, logger: { warn: (m) => logger.warn(`[storage] ${m}`), error: (m) => logger.error(`[storage] ${m}`) } })
  // A station's first StartTransaction after start-up should not wait for a state write.
  storage.counters.warmUp('transactionId')
  const bus = new EventBus()
  const batcher = new LogBatcher(bus)
  const validator = createOcppValidator()
  const stations = new StationService(storage.stations, () => storage.settings.get().ocpp, bus, (id) => storage.credentials.get(id) !== undefined, (id) => storage.quarantine.forStation(id))
  const snapshots = new ConfigurationSnapshots(storage.configurations)
  const dataTransfer = new DataTransferRegistry()
  const idTags = new IdTagService(storage.idTags, (list) => bus.emit('idTagsChanged', list))
  const transactions = new TransactionService({
    transactions: storage.transactions,
    meterValues: storage.meterValues,
    nextId: () => storage.counters.next('transactionId'),
    authorize: (idTag) => idTags.authorize(idTag),
    concurrentTxCheck: () => storage.settings.get().ocpp.rejectConcurrentTx,
    onChange: (summary) => {
      bus.emit('transactionUpdated', summary)
      charging.transactionChanged(summary)
      reservations.transactionChanged(summary)
    },
  })
  // Its `send` runs only after a boot, when the call service below exists.
  const automatic = new AutomaticActions({
    settings: () => storage.settings.get().ocpp,
    send: (stationId, action, payload) => void calls.send(stationId, action, payload, checkCall(stationId, action, payload).warnings, 'auto'),
  })
  const triggers = new TriggerAllowances(options.clock)
  const dispatch = createDispatcher({
    stations,
    dataTransfer,
    idTags,
    transactions,
    statusHistory: storage.statusHistory,
    triggered: (stationId, action) => triggers.allows(stationId, action),
    statusObserved: (stationId, status) => reservations.statusObserved(stationId, status),
    fileStatusNotified: (stationId, kind, status) => firmware.notified(stationId, kind, status),
    callAnswered: (stationId, action, payload, messageId) => followUps.observed(stationId, action, payload, messageId),
    afterBoot: (stationId, status) => {
      triggers.reset(stationId)
      automatic.afterBoot(stationId, status)
    },
  })

  const logFrame = (entry: FrameLogEntry): void => batcher.add(storage.messageLog.append(entry))
  const admission = createStationAdmission({ settings: () => storage.settings.get().ocpp, station: (id) => stations.registered(id), credentials: storage.credentials, logger, now: options.clock })

  const ocpp = new OcppServer({
    host: options.config.ocppHost,
    port: options.config.ocppPort,
    validator,
    allowedOrigins: () => storage.settings.get().security.allowedOrigins,
    limits: options.httpLimits,
    admit: (identity, request) => admission.admit(identity, request),
    hooksFor: (identity) => ({
      handleCall: (action, payload, messageId) => dispatch(identity, action, payload, messageId),
      log: logFrame,
      settings: () => {
        const effective = stations.effective(identity)
        return { callTimeoutMs: effective.callTimeoutSec * 1000, pingIntervalMs: effective.pingIntervalSec * 1000, lenient: effective.lenient, maxMessagesPerSecond: effective.maxMessagesPerSecond }
      },
      onActivity: () => stations.touch(identity),
      onViolation: (violation) => stations.recordViolation(identity, { time: isoNow(), ...violation }),
    }),
    onConnected: (connection) => stations.connected(connection),
    onDisconnected: (connection, info) => stations.disconnected(connection, info.reason),
    onRefused: ({ identity, status, message, remoteAddress }) =>
      logger.warn(`OCPP connection refused (${status}) from ${remoteAddress ?? '?'}${identity ? ` for ${identity}` : ''}: ${message}`),
  })
  const raiseSecurityProfile = securityProfileRaiser({ station: (id) => stations.get(id), setSecurityProfile: (id, profile) => stations.setSecurityProfile(id, profile), logger })
  const calls = new CallService({
    connectionFor: (id) => admission.keys.track(id, ocpp.get(id)),
    bus,
    initial: storage.tasks.recent(),
    onFinished: (task) => {
      storage.tasks.add(keptTask(task))
      raiseSecurityProfile(task)
      const trigger = triggers.taskFinished(task)
      if (trigger) followUps.accepted(task.stationId, task.id, trigger.requestedMessage, trigger.connectorId)
      const snapshot = snapshots.applyTask(task)
      if (snapshot) bus.emit('configurationUpdated', snapshot)
      charging.taskFinished(task)
      reservations.taskFinished(task)
      localLists.taskFinished(task)
      firmware.taskFinished(task)
    },
    onAnnotated: (task) => storage.tasks.add(keptTask(task)),
    durability: { changes: () => storage.stateChanges(), durable: () => storage.durable() },
  })
  const followUps = new TriggerFollowUps((taskId, triggered) => void calls.annotate(taskId, { triggered }))
  const commandWarnings = createCommandWarnings({
    station: (id) => stations.get(id),
    configuration: (id) => snapshots.get(id),
    running: (id) => storage.transactions.active().filter((t) => t.stationId === id).map((t) => ({ connectorId: t.connectorId, transactionId: t.transactionId })),
    installed: (id) => storage.charging.installed(id),
    reservations: (id) => reservations.list({ stationId: id, states: ['requested', 'active'] }),
    idTagStatus: (idTag) => idTags.authorize(idTag).status,
    localList: (id) => {
      const stored = storage.auth.localList(id)
      return { expectedVersion: stored.expectedVersion, reportedVersion: stored.reported?.listVersion, limits: localLists.limits(id) }
    },
  })
  const checkCall = createCallChecker(validator, commandWarnings)
  const charging = new ChargingService({
    repo: storage.charging,
    bus,
    validator,
    send: (stationId, action, payload, warnings) => calls.send(stationId, action, payload, warnings),
    warningsFor: commandWarnings,
    nextProfileId: () => storage.counters.next('chargingProfileId'),
    station: (id) => stations.get(id),
    configuration: (id) => snapshots.get(id),
    voltage: (id) => stations.effective(id).nominalVoltage,
    runningOn: (stationId, connectorId) => storage.transactions.activeOn(stationId, connectorId),
    now: options.clock,
    log: logger,
  })
  const reservations = new ReservationService({
    repo: storage.auth,
    bus,
    send: (stationId, action, payload, warnings) => calls.send(stationId, action, payload, warnings),
    warningsFor: commandWarnings,
    nextReservationId: (floor) => storage.counters.nextAbove('reservationId', floor),
    parentOf: (idTag) => idTags.get(idTag)?.parentIdTag,
    now: options.clock,
  })
  const fileConfig = { ...DEFAULT_CONFIG, ...options.config }
  const tuning = options.fileTuning ?? {}
  const hosts = hostAllowLists({ apiHost: options.config.apiHost, filesHost: fileConfig.filesHost }, () => storage.settings.get())
  const files = new FileServices({
    dataDir: storage.scratchDir,
    repo: storage.files,
    bindHost: fileConfig.filesHost,
    httpPort: fileConfig.filesPort,
    ftpPort: fileConfig.ftpPort,
    ftpPassivePorts: fileConfig.ftpPassivePorts,
    candidateHosts: () => (fileConfig.filesHost === '0.0.0.0' || fileConfig.filesHost === '::' ? reachableHosts(fileConfig.filesHost).filter((h) => h !== '127.0.0.1').concat('127.0.0.1') : [fileConfig.filesHost]),
    publicHost: () => storage.settings.get().files.publicHost ?? undefined,
    maxUploadBytes: () => storage.settings.get().files.maxUploadMb * 1024 * 1024,
    uploadIdleMs: () => tuning.uploadIdleMs ?? storage.settings.get().files.uploadIdleSec * 1000,
    slotWindowMs: () => storage.settings.get().files.uploadWindowMin * 60_000,
    ftpLimits: () => ({ total: storage.settings.get().files.ftpMaxConnections, perAddress: storage.settings.get().files.ftpMaxConnectionsPerAddress }),
    now: tuning.now,
    onUpload: (upload) => {
      firmware.uploaded(upload)
      bus.emit('diagnosticsUploaded', upload)
    },
    log: (line) => logger.info(line),
    hosts: hosts.files,
  })
  const firmware = new FirmwareService({
    repo: storage.files,
    bus,
    send: (stationId, action, payload, warnings) => calls.send(stationId, action, payload, warnings),
    warningsFor: commandWarnings,
    annotate: (taskId, change) => void calls.annotate(taskId, change),
    tokenOf: (location) => files.tokenOf(location),
    linkSlot: (token, taskId, request) => files.receiver.linkTask(token, taskId, request),
    uploadWatch: {
      tokenFor: (taskId) => files.receiver.slots.tokenOfTask(taskId),
      inProgress: (token) => files.receiver.slots.inProgress(token),
      advice: (location) => files.missingUploadAdvice(location),
      graceMs: tuning.uploadMissingGraceMs ?? DEFAULT_UPLOAD_MISSING_GRACE_MS,
      schedule: tuning.schedule ?? defaultSchedule,
    },
  })
  const localLists = new LocalListService({
    repo: storage.auth,
    bus,
    validator,
    send: (stationId, action, payload, warnings) => calls.send(stationId, action, payload, warnings),
    nextVersion: (stationId, floor) => storage.counters.nextAbove(`localListVersion:${stationId}`, floor),
    configuration: (id) => snapshots.get(id),
    idTags: () => idTags.list(),
    durable: () => storage.durable(),
  })

  const tlsConfig = { ...DEFAULT_CONFIG, ...options.config }
  /** The wss:// endpoint: the operator's certificates and generated ones for the kinds they lack; a failure is reported, the rest runs. */
  const tls = new TlsService({
    enabled: tlsConfig.tls,
    dir: join(storage.scratchDir, 'tls'),
    certFiles: tlsConfig.tlsCertFiles,
    keyFiles: tlsConfig.tlsKeyFiles,
    names: options.tlsNames ?? (() => ({ hostName: hostname(), addresses: reachableHosts('0.0.0.0') })),
    staticRsa: () => storage.settings.get().security.staticRsaSuites,
    listen: async (context) => (await ocpp.listenTls(tlsConfig.tlsPort, options.config.ocppHost, context)).port,
    swap: (context) => ocpp.setTlsContext(context),
    changed: (status) => bus.emit('tlsStatusChanged', status),
    logger,
    checkIntervalMs: options.tlsCheckIntervalMs,
  })

  // Files enter the firmware host only as the operator chose: dialog, upload body, import folder.
  if (options.config.importDir) storage.settings.update({ files: { importDir: options.config.importDir } })
  const imports = new FirmwareImports({
    host: files.firmware,
    dialogs: options.dialogs,
    importDir: () => storage.settings.get().files.importDir,
    setImportDir: (importDir) => bus.emit('settingsUpdated', storage.settings.update({ files: { importDir } })),
  })
  const filesApi: Omit<FilesApiDeps, 'stationKnown'> = {
    files,
    imports,
    firmware,
    setPublicHost: (publicHost) => bus.emit('settingsUpdated', storage.settings.update({ files: { publicHost } })),
    uploads: () => storage.files.uploads(),
    firmwareFilesChanged: (list) => bus.emit('firmwareFilesChanged', list),
  }
  const publishFirmware = firmwareAdder(filesApi)

  const startedAt = isoNow()
  let info: ServerInfo = { version: options.version ?? '0.0.0', startedAt, dataDir: options.dataDir, ocppUrls: [], ocppTlsUrls: [], apiUrl: '', uiUrl: '' }
  const api = createApi({
    info: () => info,
    durability: { changes: () => storage.stateChanges(), durable: () => storage.durable() },
    stations,
    calls,
    idTags,
    transactions,
    charging,
    reservations,
    localLists,
    files: filesApi,
    credentials: storage.credentials,
    configurations: snapshots,
    checkCall,
    messageLog: storage.messageLog,
    statusHistory: storage.statusHistory,
    settings: storage.settings,
    settingsChanged: (settings) => {
      stations.settingsChanged()
      tls.settingsChanged()
      bus.emit('settingsUpdated', settings)
    },
    tls,
  })
  // Beyond loopback, the API and UI need a token (made up once and kept in the data directory).
  const apiToken = options.config.apiToken ?? (isLoopback(options.config.apiHost) ? undefined : await apiTokenFor(storage.scratchDir))
  const firmwareUpload = createFirmwareUploadRoute({
    maxBytes: () => storage.settings.get().files.maxUploadMb * 1024 * 1024,
    // Answered 201 once the file's record is on disk, as every API change (issue 20 §2).
    add: async (name, body, maxBytes) => {
      const file = await publishFirmware(() => imports.fromStream(name, body, maxBytes))
      await storage.durable()
      return file
    },
  })
  const web = new WebBridge({ host: options.config.apiHost, port: options.config.apiPort, api, bus, rendererDir: options.rendererDir, token: apiToken, firmwareUpload, hosts: hosts.api, limits: options.httpLimits, log: (line) => logger.error(line) })

  try {
    const ocppAddress = await ocpp.listen()
    const webAddress = await web.listen()
    await files.start()
    const tlsPort = await tls.start()
    info = { ...info, ...endpointUrls({ ocpp: options.config.ocppHost, api: options.config.apiHost }, { ocpp: ocppAddress.port, tls: tlsPort, web: webAddress.port }, apiToken) }
  } catch (error) {
    tls.stop()
    await ocpp.stop().catch(() => undefined)
    await web.stop().catch(() => undefined)
    await files.stop()
    await storage.close()
    throw error
  }

  reservations.start()
  let stopped: Promise<void> | undefined
  return {
    get info() {
      return info
    },
    api,
    bus,
    ocpp,
    storage,
    dataTransfer,
    files,
    stop: () =>
      (stopped ??= (async () => {
        reservations.stop()
        firmware.stop()
        tls.stop()
        await ocpp.stop()
        await admission.keys.settled()
        await web.stop()
        await files.stop()
        transactions.flushEvents()
        batcher.flush()
        await storage.close()
      })()),
  }
}
