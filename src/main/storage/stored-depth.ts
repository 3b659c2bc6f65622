/**
 * How deeply a stored value nests. JSON.parse reads any depth, but JSON.stringify, structuredClone
 * and every recursive walk (freezing, masking, rendering) overflow the stack a few thousand levels
 * down: a record nested deeper than MAX_STORED_DEPTH is not one this CSMS can use, whoever wrote it.
 * The check itself does not recurse.
 */

/**
 * Levels a stored record may nest. Frames are refused past 64 levels at the boundary (issue 18 §1);
 * a record wraps a frame's payload in a few levels of its own (a task's response, a log entry's payload).
 */
export const MAX_STORED_DEPTH = 100

/** Whether `value` nests deeper than `max` levels of objects and arrays (a scalar is level 0). */
export function nestsDeeperThan(value: unknown, max = MAX_STORED_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false
  const stack: { value: object; depth: number }[] = [{ value, depth: 1 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (depth > max) return true
    const children = Array.isArray(current) ? current : Object.values(current)
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child as object, depth: depth + 1 })
  }
  return false
}
