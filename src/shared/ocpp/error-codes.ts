/**
 * The closed set of OCPP-J 1.6 RPC error codes, spelled as on the wire. `OccurenceConstraintViolation`
 * (one "r") and `FormationViolation` are the 1.6 spellings and stay so (OCPP-J errata 5.1/5.2).
 */
export const OCPP_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const

export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number]

export function isOcppErrorCode(value: unknown): value is OcppErrorCode {
  return typeof value === 'string' && (OCPP_ERROR_CODES as readonly string[]).includes(value)
}
