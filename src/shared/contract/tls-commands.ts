/** The wss:// endpoint's commands of the contract (issue 17 §9). */
import { Type } from 'typebox'
import type { TlsStatus } from './tls-dto'

export const tlsCommandArgs = {
  getTlsStatus: Type.Object({}, { additionalProperties: false }),
  regenerateTlsCertificates: Type.Object({}, { additionalProperties: false }),
}

export interface TlsCommandResults {
  getTlsStatus: TlsStatus
  regenerateTlsCertificates: TlsStatus
}

export const tlsCommandDescriptions: Record<keyof TlsCommandResults, string> = {
  getTlsStatus:
    'The wss:// endpoint: its RSA and ECDSA certificates (generated or your own, names, fingerprint, validity, which of this PC’s current addresses they lack) and the suites offered; checks the addresses now',
  regenerateTlsCertificates:
    'Make new self-signed certificates for this PC’s current host name and addresses and serve them at once (open connections stay up); your own certificates are kept',
}
