/** `target.push(...items)` passes every item as an argument, and 130,000 findings overflow the stack: append one by one. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
