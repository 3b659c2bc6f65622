/**
 * The command history across restarts: every CS→CP task once it has finished, in an append-only
 * JSON-lines journal (bounded by retention). At open the most recent ones are read back.
 * Secrets never reach the file (issue 17 §7): tasks are masked on the way in, and again on the way
 * out for journals written before masking existed.
 */
import type { CallTask } from '@shared/contract/dto'
import { maskTask } from '../../shared/secret-mask'
import { JsonLinesJournal, type JournalTuning } from './json-lines-journal'
import type { LineQuarantine } from './journal-quarantine'
import { parseStoredLine } from './stored-check'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'
import { jsonFailureReason } from '../util/json-failure'

export interface TaskHistoryOptions extends Partial<JournalTuning> {
  dir: string
  /** How many of the newest tasks `recent()` holds after open. Default 5000. */
  keep?: number
  logger?: StorageLogger
  /** Where tasks that cannot be used are set aside. */
  quarantine?: LineQuarantine
}

/**
 * A task as a line: one whose request or answer cannot be written as JSON (nested too deeply, a
 * value JSON has no form for) is kept without them, with a note, so the history stays readable.
 */
function storableTask(task: CallTask): string {
  try {
    return JSON.stringify(task)
  } catch (error) {
    const { payload: _payload, response: _response, error: _error, triggered: _triggered, ...rest } = task
    return JSON.stringify({ ...rest, payload: null, reason: `${task.reason ? `${task.reason} ` : ''}(its request and answer were not stored: ${jsonFailureReason(error)})` })
  }
}

export class TaskHistory {
  private constructor(
    private readonly journal: JsonLinesJournal<CallTask>,
    private readonly loaded: CallTask[],
  ) {}

  static async open(options: TaskHistoryOptions): Promise<TaskHistory> {
    const { dir, keep = 5000, logger = consoleStorageLogger, ...tuning } = options
    const journal = await JsonLinesJournal.open<CallTask>({ maxSegmentBytes: 8 * 1024 * 1024, maxSegments: 4, ...tuning, dir, name: 'tasks', logger, serialize: storableTask })
    // A ring of the newest `keep` tasks, filled oldest first. Only finished tasks are written; a line
    // that is not one (or nests too deeply to be shown) is set aside by the scan.
    const ring: CallTask[] = []
    for (const segment of journal.segments()) {
      await journal.scan(
        segment,
        0,
        (line) => maskTask(parseStoredLine<CallTask>('task', line.toString('utf8'))),
        (task) => {
          ring.push(task)
          if (ring.length > keep * 2) ring.splice(0, ring.length - keep)
        },
      )
    }
    return new TaskHistory(journal, ring.slice(-keep))
  }

  /** The newest tasks found at open, oldest first. */
  recent(): CallTask[] {
    return this.loaded
  }

  /** Keeps a finished task, masked (written with the next batch; a task is not an acknowledgement). */
  add(task: CallTask): void {
    this.journal.appendNoWait(maskTask(task))
  }

  flush(): Promise<void> {
    return this.journal.flush()
  }

  close(): Promise<void> {
    return this.journal.close()
  }
}
