/**
 * What the FTP receiver lets through to ftp-srv, as rules: only the commands an upload needs, each
 * with its arguments checked (ftp-srv throws on some missing ones), nothing but logging in before
 * a login, lines of bounded length, and replies that name no path on this PC.
 *
 * Offered: USER PASS, TYPE MODE STRU, PASV EPSV and active mode (PORT EPRT: ftp-srv connects only
 * back to the address of the control connection), STOR, CWD CDUP PWD (only the top folder exists),
 * SYST FEAT OPTS NOOP ALLO QUIT, SIZE (always "no such file": nothing can be read here). Everything
 * else (MKD RMD DELE RNFR RNTO RETR APPE STOU REST SITE LIST NLST STAT MDTM HELP AUTH …) gets 502.
 */

/** The longest command line taken (RFC 959 has no limit; real clients stay far below). */
export const MAX_LINE_BYTES = 1024

export type Verdict =
  /** Hand the line to ftp-srv. */
  | { pass: true; directive: string; line: string }
  /** Answer here (and close the connection when `close`). */
  | { pass: false; code: number; text: string; close?: boolean }

const BEFORE_LOGIN = new Set(['USER', 'PASS', 'SYST', 'FEAT', 'OPTS', 'NOOP', 'QUIT'])
const OFFERED = new Set([...BEFORE_LOGIN, 'TYPE', 'MODE', 'STRU', 'PASV', 'EPSV', 'PORT', 'EPRT', 'STOR', 'CWD', 'XCWD', 'CDUP', 'XCUP', 'PWD', 'XPWD', 'SIZE', 'ALLO'])
const NEEDS_ARGUMENT = new Set(['USER', 'PASS', 'TYPE', 'MODE', 'STRU', 'PORT', 'EPRT', 'STOR', 'CWD', 'XCWD', 'OPTS', 'SIZE'])

export const FEATURES = ['EPSV', 'PASV', 'UTF8']

function byte(text: string): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined
  const n = Number(text)
  return n <= 255 ? n : undefined
}

/** PORT h1,h2,h3,h4,p1,p2 with every number a byte and a port above 0. */
export function validPort(argument: string): boolean {
  const parts = argument.split(',').map((p) => byte(p.trim()))
  if (parts.length !== 6 || parts.some((p) => p === undefined)) return false
  return parts[4]! * 256 + parts[5]! > 0
}

/** EPRT |1|IPv4|port| or |2|IPv6|port| (RFC 2428). */
export function validEprt(argument: string): boolean {
  const match = /^\|([12])\|([0-9A-Fa-f.:]{2,45})\|(\d{1,5})\|$/.exec(argument.trim())
  if (!match) return false
  const port = Number(match[3])
  if (port < 1 || port > 65_535) return false
  return match[1] === '1' ? /^\d{1,3}(\.\d{1,3}){3}$/.test(match[2]!) && match[2]!.split('.').every((b) => byte(b) !== undefined) : match[2]!.includes(':')
}

/** What to do with one command line (already without its line end). */
export function screen(raw: string, loggedIn: boolean): Verdict {
  // Telnet controls, NULs and other control characters are no part of a command.
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const line = raw.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '').replace(/^\s+/, '')
  if (line === '') return { pass: false, code: 500, text: 'Syntax error: empty command' }
  const space = line.indexOf(' ')
  const word = space < 0 ? line : line.slice(0, space)
  const argument = space < 0 ? '' : line.slice(space + 1).trim()
  if (!/^[A-Za-z]{3,4}$/.test(word)) return { pass: false, code: 500, text: 'Syntax error: not an FTP command' }
  const directive = word.toUpperCase()
  if (!OFFERED.has(directive)) return { pass: false, code: 502, text: 'Command not offered: this receiver only takes uploads' }
  if (!loggedIn && !BEFORE_LOGIN.has(directive)) return { pass: false, code: 530, text: 'Log in first (USER and PASS from the upload location)' }
  if (NEEDS_ARGUMENT.has(directive) && argument === '') return { pass: false, code: 501, text: `Syntax error: ${directive} needs an argument` }
  switch (directive) {
    case 'FEAT':
      return { pass: false, code: 211, text: `Features:\n${FEATURES.map((f) => ` ${f}`).join('\n')}\nEnd` }
    case 'SYST':
      return { pass: false, code: 215, text: 'UNIX Type: L8' }
    case 'OPTS':
      return /^UTF-?8(\s+ON)?$/i.test(argument) ? { pass: false, code: 200, text: 'Always in UTF-8' } : { pass: false, code: 501, text: 'Option not offered' }
    case 'NOOP':
      return { pass: false, code: 200, text: 'OK' }
    case 'ALLO':
      return { pass: false, code: 202, text: 'No storage allocation necessary' }
    case 'SIZE':
      return { pass: false, code: 550, text: 'No such file: files cannot be read here' }
    case 'PORT':
      return validPort(argument) ? { pass: true, directive, line: `PORT ${argument}` } : { pass: false, code: 501, text: 'Syntax error: PORT h1,h2,h3,h4,p1,p2' }
    case 'EPRT':
      return validEprt(argument) ? { pass: true, directive, line: `EPRT ${argument}` } : { pass: false, code: 501, text: 'Syntax error: EPRT |1|address|port|' }
    default:
      return { pass: true, directive, line: argument === '' ? directive : `${directive} ${argument}` }
  }
}

/**
 * Splits what arrives on a control connection into lines (CRLF or LF), bounded: a line longer
 * than MAX_LINE_BYTES is an error, whatever comes after it.
 */
export class LineReader {
  private pending: Buffer = Buffer.alloc(0)

  /** The complete lines in `chunk` (with what came before), or 'overlong'. */
  push(chunk: Buffer): string[] | 'overlong' {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    const lines: string[] = []
    let end: number
    while ((end = data.indexOf(0x0a)) >= 0) {
      if (end > MAX_LINE_BYTES) return 'overlong'
      lines.push(data.subarray(0, end).toString('utf8').replace(/\r$/, ''))
      data = data.subarray(end + 1)
    }
    if (data.length > MAX_LINE_BYTES) return 'overlong'
    this.pending = Buffer.from(data)
    return lines
  }
}

/** An absolute path in a message (POSIX, Windows, quoted or not). */
const PATHS = /(['"]?)(?:[A-Za-z]:[\\/]|[\\/])[^\s'"]*[\\/][^\s'"]*\1/g

/** A reply text with every path of this PC and every absolute path removed. */
export function scrubReply(text: string, secrets: readonly string[]): string {
  let clean = text
  for (const secret of secrets) if (secret.length > 1) clean = clean.split(secret).join('')
  return clean.replace(PATHS, '(path)').replace(/ftp-srv/gi, 'server')
}
