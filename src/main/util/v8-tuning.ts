/**
 * V8 settings for a process that serves thousands of stations, applied when this module is
 * evaluated: both entries (headless and Electron main) import it first, before the CSMS allocates.
 *
 * Allocation-site pretenuring lets V8 allocate the objects of a site whose objects often survive a
 * young-generation collection straight into the old generation. A CSMS under steady load holds
 * every frame and journal line for a few tens of milliseconds (a batch waiting for the disk or for
 * the UI), long enough to look like survivors: with pretenuring on, the journal's queue was among
 * the sites whose objects died in the old generation, and a timeline of the process put the
 * stations' worst moments on the major collections (8-18 ms pauses) that followed every few
 * seconds. Without it, p99 at 2,000 × 1/s was 13.5-15.3 ms against 18.1-20.6 ms with it (three
 * alternating 45 s runs each).
 *
 * Set at run time so it applies however the process is started (a packaged Electron app is launched
 * without our command line). Only a heuristic is switched off here; flags that change the heap's
 * layout must not be set this way.
 */
import { setFlagsFromString } from 'node:v8'

const V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring']

for (const flag of V8_FLAGS) setFlagsFromString(flag)
