import { bootNotification } from './boot-notification'
import { dataTransfer } from './data-transfer'
import { heartbeat } from './heartbeat'

export const coreHandlers = {
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  Heartbeat: heartbeat,
}
