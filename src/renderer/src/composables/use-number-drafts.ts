/**
 * Numeric settings edited as drafts and saved together: each draft follows the saved value (ours
 * or another client's) unless the person changed it, is checked against the range updateSettings
 * accepts, and the changed ones make one patch.
 */
import { computed, reactive, watch, type ComputedRef } from 'vue'

export interface NumberRow<K extends string> {
  key: K
  label: string
  min: number
  max: number
  hint: string
  /** Shown after the value and in range messages; absent = the form's default unit. */
  unit?: string
  /** Decimals allowed (default: whole numbers only). */
  decimals?: boolean
}

export interface NumberDrafts<K extends string> {
  draft: Record<K, number | null>
  /** What is wrong with the row's draft, in words, or undefined. */
  problem(row: NumberRow<K>): string | undefined
  /** The rows whose draft differs from the saved value. */
  changed: ComputedRef<NumberRow<K>[]>
  discard(): void
  /** The changed values as a patch, or why nothing may be saved (naming each row and its problem). */
  patch(): { ok: true; patch: Partial<Record<K, number>>; names: string } | { ok: false; message: string }
}

export function unitOf<K extends string>(row: NumberRow<K>, defaultUnit: string): string {
  return row.unit ?? defaultUnit
}

export function useNumberDrafts<K extends string>(rows: readonly NumberRow<K>[], saved: () => Readonly<Record<K, number>> | undefined, defaultUnit = ''): NumberDrafts<K> {
  // The keys are the form's own (rows), never data from a station.
  const values = reactive(Object.fromEntries(rows.map((row) => [row.key, null]))) as Record<K, number | null>

  watch(
    saved,
    (next, prev) => {
      if (!next) return
      for (const { key } of rows) if (!prev || values[key] === prev[key]) values[key] = next[key]
    },
    { immediate: true },
  )

  function problem(row: NumberRow<K>): string | undefined {
    const value = values[row.key]
    const unit = unitOf(row, defaultUnit)
    const range = `${row.min}–${row.max.toLocaleString('en')}${unit ? ` ${unit}` : ''}`
    if (value === null) return `Required: ${range}`
    if (!row.decimals && !Number.isInteger(value)) return `Whole numbers only (${range})`
    if (value < row.min || value > row.max) return `Out of range: ${range}`
    return undefined
  }

  const changed = computed(() => {
    const current = saved()
    return current ? rows.filter((row) => values[row.key] !== current[row.key]) : []
  })

  function discard(): void {
    const current = saved()
    if (current) for (const { key } of rows) values[key] = current[key]
  }

  function patch(): ReturnType<NumberDrafts<K>['patch']> {
    const problems = changed.value.map((row) => [row, problem(row)] as const).filter(([, p]) => p)
    if (problems.length > 0) return { ok: false, message: `Not saved. ${problems.map(([row, p]) => `${row.label}: ${p}`).join('; ')}. Correct the value, then save again.` }
    const result: Partial<Record<K, number>> = {}
    for (const row of changed.value) result[row.key] = values[row.key] as number
    return { ok: true, patch: result, names: changed.value.map((row) => row.label).join(', ') }
  }

  return { draft: values, problem, changed, discard, patch }
}
