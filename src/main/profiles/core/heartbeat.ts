import type { Handler } from '../types'
import { isoNow } from '../../util/time'

/** Heartbeat: the station is alive (every frame counts as that) and wants the time. */
export const heartbeat: Handler<'Heartbeat'> = async () => ({ currentTime: isoNow() })
