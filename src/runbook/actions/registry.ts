/**
 * The action registry: every action a runbook may name after `uses:`, declared once. The
 * validator, `runbook plan`, the JSON Schema, the docs table and the workflow's dispatch all read
 * it. Pure: zod and plain data, so the workflow sandbox can import it.
 */
import { didYouMean } from '../diagnostics.js';
import { APPROVAL_ACTION, HTTP_REQUEST_ACTION, SLEEP_ACTION } from './core-actions.js';
import type { ActionDefinition } from './definition.js';
import { GITHUB_ACTION_DEFINITIONS } from './github-actions.js';
import { KUBERNETES_ACTION_DEFINITIONS } from './kubernetes-actions.js';
import { SLACK_POST_ACTION, SLACK_UPDATE_ACTION } from './slack-actions.js';
import { TEMPORAL_ACTION_DEFINITIONS } from './temporal-actions.js';
import { UNAVAILABLE_NAMESPACES } from './unavailable.js';

const DEFINITIONS = [
  APPROVAL_ACTION,
  SLEEP_ACTION,
  HTTP_REQUEST_ACTION,
  ...KUBERNETES_ACTION_DEFINITIONS,
  SLACK_POST_ACTION,
  SLACK_UPDATE_ACTION,
  ...GITHUB_ACTION_DEFINITIONS,
  ...TEMPORAL_ACTION_DEFINITIONS,
] as const;

/** Every action name the registry declares, e.g. `'kubernetes.setImage'`. */
export type ActionName = (typeof DEFINITIONS)[number]['name'];

/** Every action, in the order the docs list them. */
export const ACTIONS: readonly ActionDefinition[] = DEFINITIONS;

const BY_NAME: Readonly<Record<string, ActionDefinition>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, ActionDefinition>,
    Object.fromEntries(ACTIONS.map((action) => [action.name, action])),
  ),
);

/** The action called `name`, or undefined; `toString` and other prototype keys are not actions. */
export function findAction(name: string): ActionDefinition | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
}

/** What a `uses:` value refers to. */
export type ActionLookup =
  | { readonly kind: 'available'; readonly action: ActionDefinition }
  | { readonly kind: 'unavailable'; readonly reason: string; readonly hint?: string }
  | { readonly kind: 'unknown'; readonly suggestion?: string };

/**
 * Resolves a `uses:` value: an available action, one that exists but cannot run yet (with the
 * reason), or an unknown name with the closest available name as a suggestion.
 */
export function lookupAction(name: string): ActionLookup {
  const action = findAction(name);
  if (action !== undefined) {
    return action.available === true
      ? { kind: 'available', action }
      : { kind: 'unavailable', reason: action.available.reason };
  }
  const dot = name.indexOf('.');
  const namespace = dot > 0 ? name.slice(0, dot) : undefined;
  const reserved = UNAVAILABLE_NAMESPACES.find((entry) => entry.namespace === namespace);
  if (reserved !== undefined) {
    return { kind: 'unavailable', reason: reserved.reason, hint: reserved.hint };
  }
  const suggestion = didYouMean(
    name,
    ACTIONS.filter((candidate) => candidate.available === true).map((candidate) => candidate.name),
  );
  return suggestion === undefined ? { kind: 'unknown' } : { kind: 'unknown', suggestion };
}
