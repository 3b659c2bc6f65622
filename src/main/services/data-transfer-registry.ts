/**
 * Vendor-specific DataTransfer from charge points: a handler per vendorId. An unknown vendorId is
 * answered UnknownVendorId without data (OCPP 1.6 §4.3, OCA TC_064).
 */
import type { DataTransferResponse } from '@shared/ocpp/payloads'

export interface DataTransferRequestInfo {
  stationId: string
  messageId?: string
  data?: string
}

/** Answer a vendor's message; return status UnknownMessageId for a messageId it does not know. */
export type VendorHandler = (request: DataTransferRequestInfo) => Promise<DataTransferResponse>

export class DataTransferRegistry {
  private readonly vendors = new Map<string, VendorHandler>()

  register(vendorId: string, handler: VendorHandler): () => void {
    if (this.vendors.has(vendorId)) throw new Error(`A DataTransfer handler for vendor "${vendorId}" is already registered`)
    this.vendors.set(vendorId, handler)
    return () => this.vendors.delete(vendorId)
  }

  vendorIds(): string[] {
    return [...this.vendors.keys()].sort()
  }

  async handle(vendorId: string, request: DataTransferRequestInfo): Promise<DataTransferResponse> {
    const handler = this.vendors.get(vendorId)
    if (!handler) return { status: 'UnknownVendorId' }
    return handler(request)
  }
}
