/** Base64 in the renderer without Node's Buffer: bytes ⇄ text, and a File read in slices with progress. */

/** Bytes per String.fromCharCode call (kept well under the engines' argument limits). */
const CHAR_CHUNK = 0x8000
/** Bytes read per slice of a file: a multiple of 3, so the base64 of the slices joins into the base64 of the whole. */
export const SLICE_BYTES = 3 * 1024 * 1024

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHAR_CHUNK) parts.push(String.fromCharCode(...bytes.subarray(i, i + CHAR_CHUNK)))
  return btoa(parts.join(''))
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * A file (or any Blob) as base64, read slice by slice so a large one does not freeze the page;
 * `onProgress` hears the bytes done after each slice.
 */
export async function blobToBase64(blob: Blob, onProgress?: (done: number, total: number) => void, sliceBytes = SLICE_BYTES): Promise<string> {
  if (sliceBytes % 3 !== 0) throw new Error('sliceBytes must be a multiple of 3')
  const parts: string[] = []
  const total = blob.size
  onProgress?.(0, total)
  for (let offset = 0; offset < total; offset += sliceBytes) {
    const slice = blob.slice(offset, Math.min(total, offset + sliceBytes))
    parts.push(bytesToBase64(new Uint8Array(await slice.arrayBuffer())))
    onProgress?.(Math.min(total, offset + sliceBytes), total)
  }
  return parts.join('')
}
