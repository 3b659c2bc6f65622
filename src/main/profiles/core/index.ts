import { authorize } from './authorize'
import { bootNotification } from './boot-notification'
import { dataTransfer } from './data-transfer'
import { heartbeat } from './heartbeat'
import { meterValues } from './meter-values'
import { startTransaction } from './start-transaction'
import { statusNotification } from './status-notification'
import { stopTransaction } from './stop-transaction'

export const coreHandlers = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  Heartbeat: heartbeat,
  MeterValues: meterValues,
  StartTransaction: startTransaction,
  StatusNotification: statusNotification,
  StopTransaction: stopTransaction,
}
