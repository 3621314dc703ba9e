// The activities the interpreter calls, as types only: workflow code never imports activity
// implementations (they use Node APIs that the workflow sandbox forbids).

import type { HttpRequestInput, HttpRequestResult } from '../activities/http/http-request.js';
import type { KubernetesResult } from '../activities/kubernetes/types.js';
import type { RunCommandInput, RunCommandResult } from '../activities/shell/run-command.js';
import type { AcquireLockInput } from '../activities/temporal/acquire-lock.js';
import type { VoteVerificationKeys } from '../activities/votes/vote-verification-keys.js';
import type { KubernetesActivityName } from '../runbook/actions/index.js';
import type { JsonObject } from '../runbook/model.js';

export interface StepActivities {
  runCommand(input: RunCommandInput): Promise<RunCommandResult>;
  httpRequest(input: HttpRequestInput): Promise<HttpRequestResult>;
}

export type KubernetesActivities = Record<
  KubernetesActivityName,
  (input: JsonObject) => Promise<KubernetesResult>
>;

export interface LockActivities {
  acquireLock(input: AcquireLockInput): Promise<void>;
}

export interface VoteActivities {
  voteVerificationKeys(): Promise<VoteVerificationKeys>;
}
