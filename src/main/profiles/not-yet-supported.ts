import type { CpToCsAction } from '@shared/ocpp/actions'
import { OcppError } from '../ocpp/errors'
import type { Handler } from './types'

/** Placeholder route for an action whose profile module has not landed: answers NotSupported. */
export function notYetSupported<A extends CpToCsAction>(action: A): Handler<A> {
  return async () => {
    throw new OcppError('NotSupported', `${action} is recognised but not supported by this Central System yet`)
  }
}
