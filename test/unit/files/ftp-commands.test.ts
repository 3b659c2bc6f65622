import { describe, expect, it } from 'vitest'
import { ConnectionLimits } from '../../../src/main/files/connection-limits'
import { LineReader, MAX_LINE_BYTES, screen, scrubReply, validEprt, validPort } from '../../../src/main/files/ftp-commands'

const code = (line: string, loggedIn = true) => {
  const verdict = screen(line, loggedIn)
  return verdict.pass ? 'pass' : verdict.code
}

describe('FTP command screening', () => {
  it('passes only what an upload needs once logged in', () => {
    for (const line of ['USER x', 'PASS y', 'TYPE I', 'MODE S', 'STRU F', 'PASV', 'EPSV', 'STOR diag.zip', 'CWD /', 'CDUP', 'PWD', 'XPWD', 'QUIT', 'PORT 127,0,0,1,4,1', 'EPRT |1|127.0.0.1|1025|']) {
      expect(code(line), line).toBe('pass')
    }
  })

  it('refuses with 502 every command that reads, lists, makes, renames or removes, and SITE, HELP, AUTH …', () => {
    for (const line of ['MKD x', 'XMKD x', 'RMD x', 'XRMD x', 'DELE x', 'RNFR x', 'RNTO x', 'RETR x', 'APPE x', 'STOU', 'REST 1', 'SITE CHMOD 777 x', 'LIST', 'NLST', 'STAT', 'MDTM x', 'HELP', 'AUTH TLS', 'ABOR', 'SMNT x', 'ACCT x']) {
      expect(code(line), line).toBe(502)
    }
  })

  it('before a login: only USER, PASS, SYST, FEAT, OPTS, NOOP and QUIT (530 otherwise)', () => {
    expect(code('STOR x', false)).toBe(530)
    expect(code('PASV', false)).toBe(530)
    expect(code('CWD /', false)).toBe(530)
    expect(code('USER diagnostics', false)).toBe('pass')
    expect(code('SYST', false)).toBe(215)
    expect(code('NOOP', false)).toBe(200)
  })

  it('answers FEAT, SYST, OPTS, NOOP, ALLO and SIZE itself, naming no software', () => {
    const feat = screen('FEAT', false)
    expect(feat).toMatchObject({ pass: false, code: 211 })
    expect(!feat.pass && feat.text.split('\n')).toEqual(['Features:', ' EPSV', ' PASV', ' UTF8', 'End'])
    expect(screen('SYST', true)).toMatchObject({ code: 215, text: 'UNIX Type: L8' })
    expect(code('OPTS UTF8 ON')).toBe(200)
    expect(code('OPTS MLST type')).toBe(501)
    expect(code('ALLO 1000')).toBe(202)
    expect(code('SIZE diag.zip')).toBe(550)
  })

  it('refuses missing and malformed arguments before ftp-srv sees them (it throws on some)', () => {
    for (const line of ['USER', 'PASS', 'TYPE', 'MODE', 'STRU', 'STOR', 'STOR   ', 'CWD', 'OPTS', 'PORT', 'EPRT', 'SIZE']) expect(code(line), line).toBe(501)
    for (const line of ['PORT 1,2,3', 'PORT 127,0,0,1,999,1', 'PORT a,b,c,d,e,f', 'PORT 127,0,0,1,0,0', 'EPRT |9|x|1|', 'EPRT |1|127.0.0.1|99999|', 'EPRT |1|300.1.1.1|21|', 'EPRT |2|nocolons|21|']) expect(code(line), line).toBe(501)
    expect(validPort('10,0,0,5,7,208')).toBe(true)
    expect(validEprt('|2|::1|2000|')).toBe(true)
  })

  it('takes garbage as a syntax error, never as a command: empty lines, control bytes, prototype names, long words', () => {
    for (const line of ['', '   ', '\u0000\u0001', '__proto__', 'constructor', 'hasOwnProperty', 'TOOLONG', 'AB', '12345', 'ÄÖÜ €']) expect(code(line), JSON.stringify(line)).toBe(500)
    expect(screen('\ufffd\ufffdNOOP', true)).toMatchObject({ code: 200 }) // telnet IAC bytes (0xFF …) decode as U+FFFD
    expect(screen('stor  Diag File.zip ', true)).toEqual({ pass: true, directive: 'STOR', line: 'STOR Diag File.zip' })
  })
})

describe('FTP command lines', () => {
  it('are split at LF or CRLF, across chunks', () => {
    const reader = new LineReader()
    expect(reader.push(Buffer.from('NO'))).toEqual([])
    expect(reader.push(Buffer.from('OP\r'))).toEqual([])
    expect(reader.push(Buffer.from('\nUSER a\nPASS b\r\nTY'))).toEqual(['NOOP', 'USER a', 'PASS b'])
    expect(reader.push(Buffer.from('PE I\r\n'))).toEqual(['TYPE I'])
  })

  it('are bounded: a longer line is an error, with or without its end', () => {
    expect(new LineReader().push(Buffer.alloc(MAX_LINE_BYTES + 1, 0x41))).toBe('overlong')
    expect(new LineReader().push(Buffer.from(`${'A'.repeat(MAX_LINE_BYTES + 1)}\r\n`))).toBe('overlong')
    expect(new LineReader().push(Buffer.from(`STOR ${'n'.repeat(MAX_LINE_BYTES - 10)}\r\n`))).toHaveLength(1)
  })
})

describe('FTP replies', () => {
  it('name no path of this PC and no absolute path at all', () => {
    const dataDir = '/home/op/.config/csms'
    expect(scrubReply(`ENOENT: no such file or directory, stat '${dataDir}/diagnostics/.incoming/abc/x'`, [dataDir])).not.toContain('/home')
    expect(scrubReply("EACCES: permission denied, open 'C:\\Users\\op\\AppData\\csms\\x.bin'", [])).not.toMatch(/Users/)
    expect(scrubReply('open /var/lib/thing/file failed', [])).toBe('open (path) failed')
    expect(scrubReply('Error in ftp-srv', [])).not.toMatch(/ftp-srv/)
    expect(scrubReply('"/"', [])).toBe('"/"')
    expect(scrubReply('Switch to "binary" transfer mode.', [])).toBe('Switch to "binary" transfer mode.')
  })
})

describe('connection limits', () => {
  it('count per address (IPv4-mapped counted as IPv4) and in total, and free a place when a connection ends', () => {
    const limits = new ConnectionLimits(() => ({ total: 3, perAddress: 2 }))
    const a = limits.admit('10.0.0.1')
    expect(a.ok).toBe(true)
    expect(limits.admit('::ffff:10.0.0.1').ok).toBe(true)
    expect(limits.admit('10.0.0.1')).toEqual({ ok: false, reason: 'address' })
    expect(limits.admit('10.0.0.2').ok).toBe(true)
    expect(limits.admit('10.0.0.3')).toEqual({ ok: false, reason: 'total' })
    if (a.ok) {
      a.release()
      a.release() // twice: counted once
    }
    expect(limits.open).toBe(2)
    expect(limits.admit('10.0.0.1').ok).toBe(true)
    expect(limits.admit('10.0.0.4')).toEqual({ ok: false, reason: 'total' })
  })
})
