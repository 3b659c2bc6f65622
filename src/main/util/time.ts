/** Every timestamp the CSMS writes or sends: UTC, ISO-8601, with milliseconds and `Z`. */
export function isoNow(): string {
  return new Date().toISOString()
}

export function toIso(date: Date | number): string {
  return new Date(date).toISOString()
}
