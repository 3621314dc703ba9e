/**
 * Keys that `approvers:` and `spec.access` no longer accept (`users`, `slack`, `github`, and the
 * `channels` of old Slack lists): their diagnostics say why and what to write instead, rather
 * than a bare "unknown key". Pure.
 */
import type { Diagnostic } from '../diagnostics.js';

const RETIRED = new Set(['users', 'slack', 'github', 'channels', 'teams']);
const UNKNOWN_KEY = /^unknown key "([^"]+)" in (spec\.access|.*\.approvers)$/;

/** Rewrites an unknown-key diagnostic for a retired key; any other diagnostic is returned as is. */
export function explainRetiredKey(diagnostic: Diagnostic): Diagnostic {
  const match = UNKNOWN_KEY.exec(diagnostic.message);
  const key = match?.[1];
  const where = match?.[2];
  if (key === undefined || where === undefined || !RETIRED.has(key)) return diagnostic;
  const what = where === 'spec.access' ? 'spec.access' : 'approvers';
  return {
    ...diagnostic,
    code: 'RB6005',
    message: `"${key}" is no longer accepted in ${where}: ${what} names people and groups from people.yaml`,
    hint: `write ${what}: { people: [alice], groups: [sre] } with names defined in people.yaml; Slack user groups and GitHub teams will come through their APIs, never from the voter's own claim`,
  };
}
