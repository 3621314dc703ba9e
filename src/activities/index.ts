/**
 * The step activities a worker registers: `runCommand` for `run:` steps and `httpRequest` for
 * `uses: http.request` (src/worker/activities.ts adds Kubernetes, Slack and the vote keys). Workflows import only the types from here (or from the folders).
 */
import { createCheckoutCache } from './checkout/checkout-cache.js';
import { createHttpRequest, type HttpRequest } from './http/http-request.js';
import { createRunCommand, type RunCommand } from './shell/run-command.js';

export type { CheckoutCache, PinnedCheckout } from './checkout/checkout-cache.js';
export { createCheckoutCache } from './checkout/checkout-cache.js';
export type {
  HttpFailureDetails,
  HttpRequest,
  HttpRequestInput,
  HttpRequestResult,
} from './http/http-request.js';
export { HttpFailureType } from './http/http-request.js';
export type { ReadStepLogsOptions, StepLog } from './logs/read-step-logs.js';
export { readStepLogs } from './logs/read-step-logs.js';
export { REDACTED, SecretFailureType, SecretScope } from './secrets.js';
export type {
  CommandFailedDetails,
  CommandWorkdir,
  RunCommand,
  RunCommandHeartbeat,
  RunCommandInput,
  RunCommandResult,
} from './shell/run-command.js';
export { CommandFailureType } from './shell/run-command.js';
export { SlackFailureType } from './slack/errors.js';
export type {
  SlackActivities,
  SlackMessageResult,
  SlackPostMessage,
  SlackUpdateMessage,
} from './slack/messages.js';
export { createSlackActivities } from './slack/messages.js';
export type { VoteVerificationKeys } from './votes/vote-verification-keys.js';
export { createVoteVerificationKeys, VOTE_KEYS_INVALID } from './votes/vote-verification-keys.js';

export interface StepActivityDeps {
  /** Where full step logs go: `<logDir>/<runId>/<stepId>.<attempt>.log`. */
  readonly logDir: string;
  /** Where pinned worktrees are cached: `<checkoutCacheDir>/<repo hash>/<commit>`. */
  readonly checkoutCacheDir: string;
  /** The worker's environment (inherited variables, `env:` secrets); `process.env` if absent. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface StepActivities {
  readonly runCommand: RunCommand;
  readonly httpRequest: HttpRequest;
}

/** The step activities, ready for `Worker.create({ activities })`. */
export function createStepActivities(deps: StepActivityDeps): StepActivities {
  const env = deps.env ?? process.env;
  return {
    runCommand: createRunCommand({
      logDir: deps.logDir,
      checkouts: createCheckoutCache({ cacheDir: deps.checkoutCacheDir }),
      env,
    }),
    httpRequest: createHttpRequest({ env }),
  };
}
