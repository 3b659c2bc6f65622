import { bootNotification } from './boot-notification'
import { heartbeat } from './heartbeat'

export const coreHandlers = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
}
