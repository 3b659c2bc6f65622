/// <reference types="vite/client" />

interface Window {
  /** Exposed by the Electron preload; absent in a plain browser (the web bridge is used then). */
  csms?: import('./transport/bridge').CsmsBridge
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
