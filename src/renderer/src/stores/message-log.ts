import { defineStore } from 'pinia'
import { getClient } from '../api'
import { createLogView } from './log-view'

/**
 * The live message log of the Message Log page: newest first, filtered, pausable, capped. It
 * listens only while the page is open (the page attaches and detaches it): with thousands of
 * stations the frames are megabytes a second that no other page shows.
 */
export const useMessageLogStore = defineStore('messageLog', () => {
  const view = createLogView({ client: getClient(), pageSize: 200, maxEntries: 2000, attached: false })
  return { ...view }
})
