/**
 * Which step an activity call belongs to, from the summary the interpreter gives every activity
 * (src/workflows/step-options.ts): `<key>` forward, `rollback of <key>` for a step's own
 * `rollback:`, `undo <key>` for an action's built-in undo. Pure.
 */
export interface CallSite {
  /** The step key: `smoke`, `onFailure.notify`, `each[2].restart`. */
  readonly key: string;
  /** The step id (the last segment of the key). */
  readonly step: string;
  readonly mode: 'forward' | 'rollback';
}

export function callSiteOf(summary: string): CallSite {
  const rollback = /^(?:rollback of|undo) (.+)$/.exec(summary);
  const key = rollback?.[1] ?? summary;
  return { key, step: stepIdOfKey(key), mode: rollback === null ? 'forward' : 'rollback' };
}

/** `each[2].restart` → `restart`; `onFailure.notify` → `notify` (step ids hold no dots). */
export function stepIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
