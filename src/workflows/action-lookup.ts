// TEMPORARY until the action registry (src/runbook/actions/) lands: the workflow's view of it.
import { KUBERNETES_ACTIONS, KUBERNETES_UNDO_ACTIVITY } from '../activities/kubernetes/actions.js';
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_KUBERNETES_TIMEOUT_MS } from './policies.js';

export interface WorkflowAction {
  readonly name: string;
  readonly runs: 'approval' | 'sleep' | 'activity';
  readonly activity?: string;
  readonly context?: readonly ('workdir' | 'secretRefs')[];
  readonly result?: 'outputs' | 'http-response';
  readonly timeoutMs: number;
  readonly undo?: { readonly activity: string };
  readonly urlFields?: readonly string[];
}

export function findAction(name: string): WorkflowAction | undefined {
  if (name === 'approval') return { name, runs: 'approval', timeoutMs: 0 };
  if (name === 'sleep') return { name, runs: 'sleep', timeoutMs: 0 };
  if (name === 'http.request') {
    return {
      name,
      runs: 'activity',
      activity: 'httpRequest',
      context: ['secretRefs'],
      result: 'http-response',
      urlFields: ['url'],
      timeoutMs: DEFAULT_HTTP_TIMEOUT_MS,
    };
  }
  const k = Object.hasOwn(KUBERNETES_ACTIONS, name) ? KUBERNETES_ACTIONS[name] : undefined;
  if (k === undefined) return undefined;
  return {
    name,
    runs: 'activity',
    activity: k.activity,
    context: ['workdir'],
    result: 'outputs',
    timeoutMs: DEFAULT_KUBERNETES_TIMEOUT_MS,
    ...(k.hasAutomaticUndo ? { undo: { activity: KUBERNETES_UNDO_ACTIVITY } } : {}),
  };
}
