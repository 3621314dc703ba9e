// The plan hash names exactly what a reviewer saw: the definitions, who is who, the resolved
// params and the planned step tree. A pull request's plan comment shows it; a run started by the
// merge records it, and refuses to run unseen changes when the merge commit's hash differs.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JsonValue, RunbookDefinition } from './model.js';
import type { PeopleDirectory } from './people/model.js';
import { planRunbook } from './plan.js';

export interface PlanHashInput {
  readonly definition: RunbookDefinition;
  readonly children: Readonly<Record<string, RunbookDefinition>>;
  readonly people: PeopleDirectory;
  readonly params: Readonly<Record<string, JsonValue>>;
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `sha256:<64 hex>` over the canonical JSON of what would run. Pure (usable in workflow code). */
export function planHash(input: PlanHashInput): string {
  const plan = planRunbook(input.definition, { ...input.params });
  const subject = {
    version: 1,
    definition: input.definition,
    children: input.children,
    people: input.people,
    params: input.params,
    plan,
  };
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(subject))))}`;
}
