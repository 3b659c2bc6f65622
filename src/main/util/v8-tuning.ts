/**
 * V8 settings for a process that serves thousands of stations, applied when this module is
 * evaluated: both entries (headless and Electron main) import it first, before the CSMS allocates.
 *
 * Allocation-site pretenuring lets V8 allocate the objects of a site whose objects often survive a
 * young-generation collection straight into the old generation. A CSMS under steady load holds
 * every frame and journal line for a few tens of milliseconds (a batch waiting for the disk or for
 * the UI), long enough to look like survivors: their sites were pretenured, the lines died in the
 * old generation (5.2 MB/s of it at 2,000 stations, 3.8 MB/s without pretenuring), and the major
 * collections that followed every few seconds, with 10-20 ms pauses, were the stations' worst
 * seconds. Without it, p99 at 2,000 × 1/s was 13.5-15.3 ms against 18.1-20.6 ms with it (three
 * alternating 45 s runs each).
 *
 * Set at run time because Electron's main process takes no V8 flags from its command line. Only a
 * heuristic is switched off here; flags that change the heap's layout must not be set this way.
 */
import { setFlagsFromString } from 'node:v8'

export const V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring']

for (const flag of V8_FLAGS) setFlagsFromString(flag)
