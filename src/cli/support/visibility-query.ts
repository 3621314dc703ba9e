/** Quotes a value for a Temporal visibility query (`RunbookName = '…'`). */
export function quoteVisibilityValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
