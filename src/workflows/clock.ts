/**
 * The workflow's clock, in milliseconds. Inside Temporal's workflow sandbox `Date` is replaced by
 * a deterministic clock (the time of the current workflow task, identical on replay), so reading
 * it here is safe; this is the one place workflow code does, so a review can see it is on purpose.
 */
export function workflowNow(): number {
  return Date.now();
}
