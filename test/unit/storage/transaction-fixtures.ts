/** The transaction starts and stops the transactions-journal tests record (one fixture for every such test file). */

/** A start of `transactionId` on CP1 connector 1 for TAG-1 (received a second later per id), with `over` laid over it. */
export const start = (transactionId: number, over: Record<string, unknown> = {}) => ({
  transactionId,
  stationId: 'CP1',
  connectorId: 1,
  idTag: 'TAG-1',
  meterStart: 100,
  timestamp: '2026-01-01T10:00:00Z',
  idTagInfo: { status: 'Accepted' as const },
  receivedAt: `2026-01-01T10:00:0${transactionId % 10}.000Z`,
  ...over,
})

/** A stop an hour later at 900 Wh. */
export const stop = { meterStop: 900, timestamp: '2026-01-01T11:00:00Z', reason: 'Local', receivedAt: '2026-01-01T11:00:00.000Z' }
