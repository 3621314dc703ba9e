// The action registry: every action a runbook may name after `uses:`, declared once with its
// `with:` schema, how it runs, its defaults, undo, dry-run support and docs. Pure (zod and plain
// data): the workflow imports it.

export { ACTION_TABLE_HEADER, actionTableRows, renderActionTable } from './action-table.js';
export {
  ApprovalInput,
  ESCALATION_MENTION_PATTERN,
  EscalateAfterInput,
  SLACK_CHANNEL_PATTERN,
} from './approval-input.js';
export {
  DEFAULT_GITHUB_TIMEOUT_MS,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_KUBERNETES_TIMEOUT_MS,
  DEFAULT_SLACK_TIMEOUT_MS,
  DEFAULT_TEMPORAL_TIMEOUT_MS,
  DEFAULT_TEMPORAL_WAIT_TIMEOUT_MS,
  NO_ACTIVITY_TIMEOUT_MS,
} from './defaults.js';
export type { ActionContextField, ActionDefinition, ActionRetry } from './definition.js';
export {
  GITHUB_ACTION_DEFINITIONS,
  GITHUB_UNDO_ACTIVITY,
  type GithubActivityName,
} from './github-actions.js';
export {
  CheckRunInput,
  CommentInput,
  CommitStatusInput,
  CreatePullRequestInput,
  CreateReleaseInput,
  DeploymentInput,
  DeploymentStatusInput,
  DispatchWorkflowInput,
  MAX_CHECK_ANNOTATIONS,
  MergePullRequestInput,
  REPOSITORY_PATTERN,
  Repository,
} from './github-inputs.js';
export { HTTP_METHODS, HttpRequestInput } from './http-input.js';
export { describeInputIssues } from './input-problems.js';
export {
  KUBERNETES_ACTION_DEFINITIONS,
  KUBERNETES_UNDO_ACTIVITY,
  type KubernetesActivityName,
} from './kubernetes-actions.js';
export {
  ApplyInput,
  DeleteInput,
  GetInput,
  PatchInput,
  RolloutRestartInput,
  RolloutStatusInput,
  RolloutUndoInput,
  ScaleInput,
  SetImageInput,
  WaitForInput,
} from './kubernetes-inputs.js';
export {
  ACTIONS,
  type ActionLookup,
  type ActionName,
  findAction,
  lookupAction,
} from './registry.js';
export { SLACK_POST_ACTION, SLACK_UPDATE_ACTION, type SlackActivityName } from './slack-actions.js';
export {
  SLACK_CHANNEL_ID_PATTERN,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_TEXT,
  SLACK_POST_CHANNEL_PATTERN,
  SLACK_TS_PATTERN,
  SlackPostInput,
  SlackUpdateInput,
} from './slack-inputs.js';
export { SleepInput } from './sleep-input.js';
export {
  TEMPORAL_ACTION_DEFINITIONS,
  TEMPORAL_UNDO_ACTIVITY,
  type TemporalActivityName,
} from './temporal-actions.js';
export {
  DescribeDeploymentInput,
  SetCurrentVersionInput,
  SetRampingVersionInput,
  WaitDrainedInput,
} from './temporal-inputs.js';
export { UNAVAILABLE_NAMESPACES, type UnavailableNamespace } from './unavailable.js';
