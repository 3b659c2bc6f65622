/**
 * Which page is the app, decided once at start: the built index.html (file://) in a packaged app,
 * the electron-vite dev server only in development. Everything the window may do (IPC, navigation,
 * permissions) is checked against it. Pure, without electron, so it is tested under plain Node.
 *
 * Why file:// and an exact path rather than a custom protocol: every file:// page shares one opaque
 * origin, so the sender check compares the whole path of the one index.html instead; a custom
 * protocol would be a second file server inside the app (its own path checks to get right) for no
 * gain here, since the window can navigate nowhere else and IPC answers only that page.
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { resolve } from 'node:path'

export type AppPage =
  | { kind: 'file'; file: string; url: string }
  | { kind: 'dev'; url: string; origin: string }

/** ELECTRON_RENDERER_URL (set by electron-vite dev) counts only when the app is not packaged, and only as an http(s) URL. */
export function appPage(isPackaged: boolean, env: Record<string, string | undefined>, indexFile: string): AppPage {
  const dev = isPackaged ? undefined : env.ELECTRON_RENDERER_URL
  if (dev) {
    try {
      const url = new URL(dev)
      if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'dev', url: url.href, origin: url.origin }
    } catch {
      // not a URL: the built page is used
    }
  }
  const file = resolve(indexFile)
  return { kind: 'file', file, url: pathToFileURL(file).href }
}

const sameFile = (a: string, b: string): boolean => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b)

/**
 * Whether `url` is the app's own page: in development the dev server's exact origin (scheme, host
 * and port: `http://localhost:5173.evil.com` is another origin); packaged, the one index.html file
 * (any #route of it), no other file:// URL.
 */
export function isAppPage(page: AppPage, url: string | undefined): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (page.kind === 'dev') return parsed.origin === page.origin
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false
  let path: string
  try {
    path = fileURLToPath(parsed)
  } catch {
    return false
  }
  return sameFile(resolve(path), page.file)
}
