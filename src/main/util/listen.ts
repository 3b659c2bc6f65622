import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Start listening; resolves with the bound address, rejects on e.g. EADDRINUSE. */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return server.address() as AddressInfo
}
