/**
 * The command history across restarts: every CS→CP task once it has finished, in an append-only
 * JSON-lines journal (bounded by retention). At open the most recent ones are read back.
 * Secrets never reach the file (issue 17 §7): tasks are masked on the way in, and again on the way
 * out for journals written before masking existed.
 */
import type { CallTask } from '@shared/contract/dto'
import { maskTask } from '../../shared/secret-mask'
import { JsonLinesJournal, type JournalTuning } from './json-lines-journal'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'

export interface TaskHistoryOptions extends Partial<JournalTuning> {
  dir: string
  /** How many of the newest tasks `recent()` holds after open. Default 5000. */
  keep?: number
  logger?: StorageLogger
}

export class TaskHistory {
  private constructor(
    private readonly journal: JsonLinesJournal<CallTask>,
    private readonly loaded: CallTask[],
  ) {}

  static async open(options: TaskHistoryOptions): Promise<TaskHistory> {
    const { dir, keep = 5000, logger = consoleStorageLogger, ...tuning } = options
    const journal = await JsonLinesJournal.open<CallTask>({ maxSegmentBytes: 8 * 1024 * 1024, maxSegments: 4, ...tuning, dir, name: 'tasks', logger })
    // A ring of the newest `keep` tasks, filled oldest first.
    const ring: CallTask[] = []
    for (const segment of journal.segments()) {
      await journal.scan(
        segment,
        0,
        (line) => JSON.parse(line.toString('utf8')) as CallTask,
        (task) => {
          // Only finished tasks are written; anything else is not a task of ours.
          if (typeof task?.id !== 'string' || typeof task.finishedAt !== 'string') return
          ring.push(maskTask(task))
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
