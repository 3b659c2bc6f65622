/**
 * Secrets out of everything the CSMS keeps or shows (task history, message log, exports, events):
 * one set of rules, applied to copies; what goes on the wire keeps the real value.
 *
 * What counts as a secret, wherever it appears in a payload (whatever the action or direction, so a
 * raw sendCall, a DataTransfer or a CALLERROR echoing a request are covered too):
 * - the `value` of a `{ key, value }` pair whose key is named like a secret: ChangeConfiguration.req
 *   and GetConfiguration.conf's configurationKey[] for AuthorizationKey (any letter case) and vendor
 *   keys such as WifiPassword;
 * - any property named like a secret (password, AuthorizationKey, secret, token, ...);
 * - the password of a URL (`ftp://user:password@host/`, e.g. a GetDiagnostics location; for the
 *   built-in FTP receiver that is the upload token) and the upload token in the path of the
 *   built-in HTTP receiver (`/diagnostics/<token>/`): both let whoever reads them write files here;
 * - the same, best effort, inside text: JSON carried in a string (DataTransfer data, also escaped
 *   one level deep) and the raw text of frames that could not be parsed (even cut off).
 *
 * The marker keeps the length and nothing of the content: `<hidden: 40 characters>`. The length
 * tells an engineer whether a station got the 32–40 hex digits the security whitepaper asks for,
 * gives away nothing an attacker does not know already, and is no valid hex key, so it is never
 * mistaken for one. Masking is idempotent and returns the very same object when nothing is secret.
 */

/** How deep payloads are searched; deeper parts are kept as they are (no payload of OCPP nests that deep). */
const MAX_DEPTH = 64
const MARKER = /^<hidden(?:: \d+ characters)?>$/

/** Names ending so are secret (compared lower case, without `_`, `-`, `.` and spaces). */
const SECRET_SUFFIXES = ['authorizationkey', 'authorisationkey', 'password', 'passwd', 'passphrase', 'secret', 'privatekey', 'apikey']
/** Names that are secret only as a whole (`idToken` is an RFID uid, not a secret). */
const SECRET_NAMES = new Set(['pwd', 'token', 'accesstoken', 'refreshtoken', 'authtoken', 'apitoken', 'bearertoken', 'uploadtoken'])
/** Every secret name ends so: a cheap first test for the many names that are not. */
const MAYBE_SECRET_NAME = /(?:key|word|wd|phrase|secret|token)$/i
/** Text without any of these cannot hold a secret pair. */
const MAYBE_SECRET_TEXT = /key|word|wd|phrase|secret|token/i

/** The marker that stands for a hidden value: its length, never its content. */
export function hiddenMarker(value: unknown): string {
  return typeof value === 'string' ? `<hidden: ${value.length} characters>` : '<hidden>'
}

export function isHiddenMarker(value: unknown): boolean {
  return typeof value === 'string' && MARKER.test(value)
}

/** Answers for names seen before: payloads repeat the same few dozen property names endlessly. */
const knownNames = new Map<string, boolean>()
const MAX_KNOWN_NAMES = 4096

/** A property or configuration key whose value is a secret (AuthorizationKey, WifiPassword, client_secret, ...). */
export function isSecretName(name: string): boolean {
  const known = knownNames.get(name)
  if (known !== undefined) return known
  let secret = false
  if (name.length >= 3 && name.length <= 100 && MAYBE_SECRET_NAME.test(name)) {
    const normalized = name.toLowerCase().replace(/[\s_.-]/g, '')
    secret = SECRET_NAMES.has(normalized) || SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix))
  }
  if (knownNames.size >= MAX_KNOWN_NAMES) knownNames.clear() // a station inventing names cannot grow it
  knownNames.set(name, secret)
  return secret
}

function hide(value: unknown): unknown {
  return value === null || value === undefined || isHiddenMarker(value) ? value : hiddenMarker(value)
}

// ---- text -------------------------------------------------------------------------------------

const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]{1,15}:\/\/)([^\s/?#"'<>\\]+)/gi
const RECEIVER_TOKEN = /(\bhttps?:\/\/[^\s/?#"'<>\\]+\/diagnostics\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,128})(?=[/?#"'\s\\]|$)/gi
/**
 * `"name": "value"` in JSON text, and the same escaped inside a JSON string (`\"name\": \"value\"`),
 * only for names ending like a secret name (the lookbehinds), so a large JSON text costs one scan and
 * no call per field; a name of just "key" (a configuration key/value pair) is left to FLAT_OBJECT.
 */
const PAIR = /"([^"\\]{1,100})"(?<=(?:key|word|wd|phrase|secret|token)")(?<!"key")(\s*:\s*)"((?:[^"\\]|\\.)*)"/gi
const ESCAPED_PAIR = /\\"([^"\\]{1,100})\\"(?<=(?:key|word|wd|phrase|secret|token)\\")(?<!\\"key\\")(\s*:\s*)\\"((?:(?!\\")[^])*?)\\"/gi
/** One flat object (no nested braces), possibly cut off at the end of the text. */
const FLAT_OBJECT = /\{[^{}]*\}?/g
const KEY_FIELD = /"key"\s*:\s*"([^"\\]{1,100})"/
const VALUE_FIELD = /("value"\s*:\s*")((?:[^"\\]|\\.)*)(")/g
const ESCAPED_KEY_FIELD = /\\"key\\"\s*:\s*\\"([^"\\]{1,100})\\"/
const ESCAPED_VALUE_FIELD = /(\\"value\\"\s*:\s*\\")((?:(?!\\")[^])*?)(\\")/g

/** The length a JSON string literal's content stands for (escapes counted once). */
function decodedLength(jsonContent: string): string {
  try {
    return JSON.parse(`"${jsonContent}"`) as string
  } catch {
    return jsonContent
  }
}

/**
 * Secrets one text may hide before the whole text is hidden instead: a station stuffing a frame with
 * thousands of secret-like fields must not make masking it cost more than a glance.
 */
const MAX_SECRETS_PER_TEXT = 256
let secretsLeft = MAX_SECRETS_PER_TEXT

/** Counts one more secret found in the current text; false once there were too many. */
function spend(): boolean {
  secretsLeft -= 1
  return secretsLeft >= 0
}

function hideText(content: string, escaped: boolean): string {
  if (isHiddenMarker(content)) return content
  return hiddenMarker(escaped ? content : decodedLength(content))
}

function maskUrls(text: string): string {
  const withoutPasswords = text.replace(URL_AUTHORITY, (whole, scheme: string, authority: string) => {
    const at = authority.lastIndexOf('@')
    if (at < 0) return whole
    const userinfo = authority.slice(0, at)
    const colon = userinfo.indexOf(':')
    if (colon < 0 || colon === userinfo.length - 1 || !spend()) return whole
    return `${scheme}${userinfo.slice(0, colon + 1)}${hiddenMarker(userinfo.slice(colon + 1))}${authority.slice(at)}`
  })
  return withoutPasswords.includes('/diagnostics/') ? withoutPasswords.replace(RECEIVER_TOKEN, (whole, base: string, token: string) => (spend() ? `${base}${hiddenMarker(token)}` : whole)) : withoutPasswords
}

function maskKeyValueObjects(text: string): string {
  return text.replace(FLAT_OBJECT, (span) => {
    let result = span
    const plainKey = KEY_FIELD.exec(span)
    if (plainKey && isSecretName(plainKey[1]!)) result = result.replace(VALUE_FIELD, (whole, open: string, content: string, close: string) => (spend() ? `${open}${hideText(content, false)}${close}` : whole))
    const escapedKey = ESCAPED_KEY_FIELD.exec(span)
    if (escapedKey && isSecretName(escapedKey[1]!)) result = result.replace(ESCAPED_VALUE_FIELD, (whole, open: string, content: string, close: string) => (spend() ? `${open}${hideText(content, true)}${close}` : whole))
    return result
  })
}

/**
 * Masks secrets in free text: URL passwords and receiver tokens, JSON name/value pairs named like
 * secrets and `{ "key": <secret name>, "value": ... }` objects, also escaped one level and in text
 * cut off in the middle. Best effort: a secret in prose ("the password is x") is not recognised.
 */
export function maskText(text: string): string {
  secretsLeft = MAX_SECRETS_PER_TEXT
  let result = text
  if (result.includes('://')) result = maskUrls(result)
  if (result.includes('"') && MAYBE_SECRET_TEXT.test(result)) {
    result = result.replace(PAIR, (whole, name: string, colon: string, content: string) => (isSecretName(name) && spend() ? `"${name}"${colon}"${hideText(content, false)}"` : whole))
    if (result.includes('\\"')) result = result.replace(ESCAPED_PAIR, (whole, name: string, colon: string, content: string) => (isSecretName(name) && spend() ? `\\"${name}\\"${colon}\\"${hideText(content, true)}\\"` : whole))
    if (/"key\\?"/.test(result)) result = maskKeyValueObjects(result)
  }
  // Too many to mask one by one: none of it is shown.
  if (secretsLeft < 0) return hiddenMarker(text)
  return result === text ? text : result
}

// ---- values -----------------------------------------------------------------------------------

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  // Never `target[name] = …`: a key "__proto__" would set the prototype instead of a property.
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true })
}

/** Only text with a URL or a quote can hold a secret the rules recognise. */
const MAYBE_SECRET_STRING = /:\/\/|"/

function maskValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length < 8 || !MAYBE_SECRET_STRING.test(value) ? value : maskText(value)
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index]
      const masked = maskValue(item, depth + 1)
      if (masked !== item) (copy ??= value.slice())[index] = masked
    }
    return copy ?? value
  }
  if (!isPlainObject(value)) return value
  const secretPair = typeof value.key === 'string' && 'value' in value && isSecretName(value.key)
  let copy: Record<string, unknown> | undefined
  // for…in over own properties: no array of keys allocated for every object of every payload.
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue
    const item = value[name]
    const masked = (secretPair && name === 'value') || isSecretName(name) ? hide(item) : maskValue(item, depth + 1)
    if (masked !== item) setOwn((copy ??= { ...value }), name, masked)
  }
  return copy ?? value
}

/** A copy of `value` with every secret replaced by its marker; `value` itself when it holds none. */
export function maskSecrets<T>(value: T): T {
  return maskValue(value, 0) as T
}

// ---- records ----------------------------------------------------------------------------------

export interface MaskableLogEntry {
  payload?: unknown
  raw?: string
  errorDescription?: string
}

/** A message log entry as it may be kept and shown: payload, raw text and error description masked. */
export function maskLogEntry<E extends MaskableLogEntry>(entry: E): E {
  const payload = maskSecrets(entry.payload)
  const raw = entry.raw === undefined ? undefined : maskText(entry.raw)
  const errorDescription = entry.errorDescription === undefined ? undefined : maskText(entry.errorDescription)
  if (payload === entry.payload && raw === entry.raw && errorDescription === entry.errorDescription) return entry
  return { ...entry, ...(entry.payload !== undefined ? { payload } : {}), ...(raw !== undefined ? { raw } : {}), ...(errorDescription !== undefined ? { errorDescription } : {}) }
}

export interface MaskableTask {
  payload: unknown
  response?: unknown
  error?: { code: string; description: string; details: unknown }
  triggered?: { action: string; messageId: string; at: string; payload: unknown }
}

/** A CS→CP task as it may be kept and shown: request, answer, error and triggered message masked. */
export function maskTask<T extends MaskableTask>(task: T): T {
  const payload = maskSecrets(task.payload)
  const response = maskSecrets(task.response)
  const error = maskSecrets(task.error) // its description is text, masked like any string
  const triggeredPayload = task.triggered && maskSecrets(task.triggered.payload)
  if (payload === task.payload && response === task.response && error === task.error && triggeredPayload === task.triggered?.payload) return task
  return {
    ...task,
    payload,
    ...(task.response !== undefined ? { response } : {}),
    ...(error ? { error } : {}),
    ...(task.triggered ? { triggered: { ...task.triggered, payload: triggeredPayload } } : {}),
  }
}
