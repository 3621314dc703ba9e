import { RUNTIME_LIMITS_ENFORCED } from './policies.js';
import { failStepBehindPatch } from './step-values.js';

/**
 * Fails the step when a value rendered at run time is over its documented limit (the problem
 * comes from src/runbook/runtime-limits.ts: too many `forEach` items, an output too large, a
 * duration out of bounds). The patch is asked only when a limit is exceeded, so runs within the
 * limits record no marker, and a run that went past a limit before the patch does so on replay.
 */
export function enforceLimit(key: string, problem: string | undefined): void {
  if (problem === undefined) return;
  failStepBehindPatch(RUNTIME_LIMITS_ENFORCED, key, `${problem} (see docs/security.md#limits)`);
}
