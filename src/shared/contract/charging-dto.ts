/** Smart Charging data shapes that cross the contract: the profile library, what stations hold, schedules. */
import type { ChargingProfile, ChargingRateUnitType, ChargingSchedule } from '../ocpp/payloads'
import type { CallTask, ListStub, Violation } from './dto'

/** A profile as the library keeps it: chargingProfileId is allocated when it is sent, unless set here. */
export type ProfileTemplate = Omit<ChargingProfile, 'chargingProfileId'> & { chargingProfileId?: number }

/** A charging profile in the CSMS's library. */
export interface LibraryProfile extends ListStub {
  id: string
  name: string
  note?: string
  profile: ProfileTemplate
  createdAt: string
  updatedAt: string
}

/** A profile the CSMS believes a station holds: added on an accepted SetChargingProfile (or a RemoteStartTransaction's TxProfile), removed as the station would remove it. */
export interface InstalledProfile {
  connectorId: number
  profile: ChargingProfile
  installedAt: string
  via: 'SetChargingProfile' | 'RemoteStartTransaction'
  taskId: string
  libraryId?: string
  /** A RemoteStartTransaction TxProfile waiting for its transaction to start. */
  awaitingTransaction?: boolean
  /** The transaction a TxProfile applies to: its transactionId, or the transaction a RemoteStartTransaction profile was bound to. */
  transactionId?: number
}

/** A limit over a stretch of time; limit null = no limit from this source. */
export interface LimitSpan {
  start: string
  end: string
  limit: number | null
  numberPhases?: number
}

/** A composite schedule as the CSMS computes it (periods relative to scheduleStart, like GetCompositeSchedule.conf). */
export interface CompositeSchedule {
  connectorId: number
  scheduleStart: string
  duration: number
  chargingRateUnit: ChargingRateUnitType
  /** limit null = nothing limits charging in that period. */
  periods: { startPeriod: number; limit: number | null; numberPhases?: number }[]
}

/** A station's answer to GetCompositeSchedule, as received. */
export interface ReportedComposite {
  connectorId: number
  requested: { duration: number; chargingRateUnit?: ChargingRateUnitType }
  status: string
  scheduleStart?: string
  chargingSchedule?: ChargingSchedule
  receivedAt: string
  taskId: string
  /** What was cut when the answer was kept (e.g. only the first 10,000 periods), in words. */
  truncated?: string[]
  /** When periods were cut: seconds from scheduleStart up to which the kept ones are the station's whole answer. */
  completeUntil?: number
}

/**
 * A stored record that could not be loaded or used, moved aside (to the data folder's quarantine
 * folder, or kept in the state when that failed) so that start-up and the other views go on.
 */
export interface QuarantineNote {
  /** The state collection it came from, e.g. `reportedComposites`. */
  collection: string
  stationId?: string
  /** Its key in the collection (e.g. `CP-1/2` for station CP-1, connector 2). */
  key: string
  /** Why it could not be used. */
  reason: string
  /** When it was moved aside. */
  at: string
  /** The file that keeps it, relative to the data folder; absent when it is kept in the state. */
  file?: string
}

/** Where the station's report and the CSMS's own composite disagree. */
export interface ScheduleDifference {
  start: string
  end: string
  expected: number | null
  reported: number | null
}

/** One installed profile's own limits over the window: a layer of the stack chart. */
export interface ProfileLayer {
  connectorId: number
  chargingProfileId: number
  purpose: ChargingProfile['chargingProfilePurpose']
  stackLevel: number
  /** In the view's unit. */
  spans: LimitSpan[]
}

export interface ConnectorChargingView {
  connectorId: number
  /** The transaction running on the connector, if any (TxProfiles apply to it). */
  transactionId?: number
  /** The profiles that can apply to this connector: its own and connector 0's. */
  layers: ProfileLayer[]
  /** What the CSMS computes the station should apply, over the view's window. */
  expected: CompositeSchedule
  /**
   * The last GetCompositeSchedule answer for this connector, with the CSMS's composite over the
   * same window and the differences (both in the unit the station answered in), and the reported
   * periods converted to the view's unit for drawing.
   */
  reported?: ReportedComposite & {
    expected?: CompositeSchedule
    differences: ScheduleDifference[]
    viewPeriods?: { startPeriod: number; limit: number }[]
    /** How long the report is compared and drawn (s): its duration, capped to the longest window (31 days). */
    viewDuration?: number
  }
  /** What the caps cut in this connector's layers, composite or report, and why (absent = nothing was cut). */
  truncated?: string[]
  /** This connector's view could not be computed (or its report could not be used): what happened and what to do. The other connectors are unaffected. */
  error?: string
}

/** What the station holds and should apply: `getChargingView`. */
export interface StationChargingView {
  stationId: string
  from: string
  duration: number
  chargingRateUnit: ChargingRateUnitType
  /** Nominal line voltage used for A↔W (settings, per station). */
  voltage: number
  /** The station's Smart Charging limits from its configuration, when known. */
  limits: { maxStackLevel?: number; maxPeriods?: number; maxInstalled?: number; allowedUnits?: string[] }
  installed: InstalledProfile[]
  connectors: ConnectorChargingView[]
  /** What the caps cut in the view's window, and why (absent = nothing was cut). */
  truncated?: string[]
  /** This station's stored Smart Charging records that could not be used and were moved aside. */
  quarantined?: QuarantineNote[]
}

/** What the CSMS says about a profile before it is saved or sent: schema violations block, the rest warns. */
export interface ProfileCheck {
  violations: Violation[]
  warnings: string[]
}

/** A profile's own limits over time, for the editor's preview. */
export interface ProfilePreview {
  chargingRateUnit: ChargingRateUnitType
  from: string
  duration: number
  spans: LimitSpan[]
  warnings: string[]
  /** What the caps cut (window, spans), and why (absent = nothing was cut). */
  truncated?: string[]
}

export interface SendProfileResult {
  /** One SetChargingProfile task per target, in the order of the targets. */
  tasks: CallTask[]
}
