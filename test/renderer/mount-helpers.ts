/* eslint-disable vue/one-component-per-file -- tiny test-only host and route components */
import { defineComponent, h, ref, type Component, type Ref } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { NConfigProvider, NMessageProvider } from 'naive-ui'
import { afterEach, beforeEach } from 'vitest'
import { setClient } from '@renderer/api'
import { FakeClient } from './fake-client'

const Blank = defineComponent({ render: () => h('div') })

export function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/stations', name: 'stations', component: Blank },
      { path: '/stations/:id', name: 'station', component: Blank },
      { path: '/log', name: 'log', component: Blank },
      { path: '/settings', name: 'settings', component: Blank },
      { path: '/transactions', name: 'transactions', component: Blank },
      { path: '/charging-profiles', name: 'charging-profiles', component: Blank },
      { path: '/local-lists', name: 'local-lists', component: Blank },
      { path: '/firmware', name: 'firmware', component: Blank },
      { path: '/reservations', name: 'reservations', component: Blank },
    ],
  })
}

/** Mounts a component inside Naive UI's providers, with a fresh pinia and a memory router. */
export async function mountWithApp(
  component: Component,
  props: Record<string, unknown> = {},
): Promise<{ wrapper: VueWrapper; router: Router; pinia: Pinia; shown: Ref<boolean> }> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = makeRouter()
  await router.push('/stations')
  await router.isReady()
  // `shown.value = false` unmounts the component and `true` mounts it anew, as leaving a page and
  // coming back does; the stores (same pinia) stay.
  const shown = ref(true)
  const Host = defineComponent({
    render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => (shown.value ? h(component, props) : null))),
  })
  const wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
  return { wrapper, router, pinia, shown }
}

export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/**
 * Per test: a fresh FakeClient set as the API client; afterwards the wrapper given to `mounted`
 * unmounted and the page emptied (dialogs and messages render into document.body).
 */
export function freshClientPerTest(): { client(): FakeClient; mounted(wrapper: VueWrapper): VueWrapper } {
  let client: FakeClient | undefined
  const wrappers: VueWrapper[] = []
  beforeEach(() => {
    client = new FakeClient()
    setClient(client)
  })
  afterEach(() => {
    for (const wrapper of wrappers.splice(0)) wrapper.unmount()
    document.body.innerHTML = ''
  })
  return {
    client: () => client!,
    mounted: (wrapper) => (wrappers.push(wrapper), wrapper),
  }
}
