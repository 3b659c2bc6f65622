import { defineStore } from 'pinia'
import { getClient } from '../api'
import { createLogView } from './log-view'

/** The live message log of the Message Log page: newest first, filtered, pausable, capped. */
export const useMessageLogStore = defineStore('messageLog', () => {
  const view = createLogView({ client: getClient(), pageSize: 200, maxEntries: 2000 })
  return { ...view }
})
