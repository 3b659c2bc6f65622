/**
 * The yardstick: a bare `ws` server that answers every OCPP CALL at once with an empty CALLRESULT
 * (StartTransaction with a transactionId). What the CSMS achieves is compared with this.
 */
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: () => 'ocpp1.6' })
let transactionId = 0
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as unknown[]
    if (frame[0] !== 2) return
    const payload = frame[2] === 'StartTransaction' ? { transactionId: ++transactionId, idTagInfo: { status: 'Accepted' } } : {}
    socket.send(JSON.stringify([3, frame[1], payload]))
  })
})
wss.on('listening', () => {
  const address = wss.address() as { port: number }
  process.stdout.write(`ECHO ws://127.0.0.1:${address.port}/ocpp\n`)
})
process.on('SIGTERM', () => wss.close(() => process.exit(0)))
