import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// Electron is an optional dependency: on offline machines its binary cannot be downloaded and npm
// drops the package. electron-vite reads the Electron major version to pick build targets, so give
// it the one package.json asks for; the main bundle targets Node 20 anyway because the same bundle
// runs headless under plain Node.
if (!process.env.ELECTRON_MAJOR_VER) {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>
  }
  const range = pkg.optionalDependencies?.electron ?? '41'
  process.env.ELECTRON_MAJOR_VER = /\d+/.exec(range)?.[0] ?? '41'
}

const shared = resolve(import.meta.dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      target: 'node20',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          headless: resolve(import.meta.dirname, 'src/main/headless.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      target: 'node20',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: { alias: { '@shared': shared, '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
    plugins: [vue()],
    build: {
      target: 'es2022',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
})
