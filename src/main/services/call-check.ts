/**
 * What the CSMS says about a CS→CP call before sending it: the schema is the only hard limit
 * (a violation ends the call as "refused"), everything else is a warning.
 */
import type { CallCheck } from '@shared/contract/dto'
import { isCsToCpAction } from '@shared/ocpp/actions'
import { describeViolations, type OcppValidator } from '../ocpp/validator'

/**
 * The remarks on a payload that breaks the schema, as far as the rules can read it: a rule written
 * for sound payloads may fail on a wrong type, and the violations already say what is wrong.
 */
function warningsOfInvalid(warnings: () => string[]): string[] {
  try {
    return warnings()
  } catch {
    return []
  }
}

export function createCallChecker(validator: OcppValidator, warningsFor: (stationId: string, action: string, payload: unknown) => string[]) {
  return (stationId: string, action: string, payload: unknown): CallCheck => {
    if (!isCsToCpAction(action)) {
      return { sendable: false, reason: `"${action}" is not an action a Central System sends (OCPP 1.6 CS→CP actions are case-sensitive)`, violations: [], warnings: [] }
    }
    const violations = validator.validateRequest(action, payload)
    const warnings = violations.length > 0 ? warningsOfInvalid(() => warningsFor(stationId, action, payload)) : warningsFor(stationId, action, payload)
    if (violations.length > 0) {
      return { sendable: false, reason: `The ${action} payload breaks the OCPP 1.6 schema (${describeViolations(violations)})`, violations, warnings }
    }
    return { sendable: true, violations, warnings }
  }
}
