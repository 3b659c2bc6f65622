export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string }

/** Parses the text of the payload editor; the message says where the JSON is broken. */
export function checkJson(text: string): JsonCheck {
  if (text.trim() === '') return { ok: false, message: 'The payload is empty: write a JSON value, e.g. {}' }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return { ok: false, message: `Invalid JSON: ${detail}` }
  }
}
