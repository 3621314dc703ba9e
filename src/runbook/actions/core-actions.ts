/** The actions that are not part of an integration: `approval`, `sleep` and `http.request`. */
import { ApprovalInput } from './approval-input.js';
import { DEFAULT_HTTP_TIMEOUT_MS, NO_ACTIVITY_TIMEOUT_MS } from './defaults.js';
import type { ActionDefinition } from './definition.js';
import { HttpRequestInput } from './http-input.js';
import { SleepInput } from './sleep-input.js';

export const APPROVAL_ACTION = {
  name: 'approval',
  runs: 'approval',
  input: ApprovalInput,
  timeoutMs: NO_ACTIVITY_TIMEOUT_MS,
  retry: 'api',
  dryRun: false,
  mutating: false,
  available: true,
  docs: 'docs/interpreter.md#approvals',
  summary: 'Waits until enough allowed people approve, someone rejects, or the timeout passes.',
} as const satisfies ActionDefinition;

export const SLEEP_ACTION = {
  name: 'sleep',
  runs: 'sleep',
  input: SleepInput,
  timeoutMs: NO_ACTIVITY_TIMEOUT_MS,
  retry: 'api',
  dryRun: false,
  mutating: false,
  available: true,
  docs: 'docs/runbook-format.md#actions',
  summary: 'Waits for a duration on a durable timer.',
} as const satisfies ActionDefinition;

export const HTTP_REQUEST_ACTION = {
  name: 'http.request',
  runs: 'activity',
  activity: 'httpRequest',
  context: ['secretRefs'],
  result: 'http-response',
  urlFields: ['url'],
  input: HttpRequestInput,
  timeoutMs: DEFAULT_HTTP_TIMEOUT_MS,
  retry: 'api',
  dryRun: false,
  mutating: true,
  available: true,
  docs: 'docs/steps.md#httprequest',
  summary: 'Sends one HTTP request; secret params may stand in the url, headers and body.',
} as const satisfies ActionDefinition;
