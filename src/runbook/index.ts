// The runbook format: what src/runbook offers. Everything here is pure (no I/O, no Node
// built-ins), so the workflow may import the expression evaluator and the model.

export {
  ACTIONS,
  type ActionDefinition,
  type ActionLookup,
  type ActionName,
  type ActionRetry,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_KUBERNETES_TIMEOUT_MS,
  findAction,
  lookupAction,
} from './actions/index.js';
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  formatDiagnostic,
  formatGithubAnnotation,
  type Severity,
} from './diagnostics.js';
export { DurationError, formatDuration, parseDuration } from './duration.js';
export {
  checkExpression,
  type ExpressionCheck,
  type ExpressionContext,
  ExpressionError,
  type ExpressionProblem,
  type ExpressionScope,
  evaluateCondition,
  evaluateExpression,
  findExpressions,
  hasExpression,
  renderTemplate,
} from './expressions.js';
export { runbookJsonSchema } from './json-schema.js';
export type {
  AccessSpec,
  ChildRunbookStep,
  CommandSpec,
  ConcurrencySpec,
  ForEachStep,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  ParallelStep,
  ParamSpec,
  ParamType,
  RetrySpec,
  RollbackStep,
  RunbookDefinition,
  RunStep,
  SourceLocation,
  Step,
  StepKind,
  TriggersSpec,
  UsesStep,
} from './model.js';
export { type ParamError, type ResolveParamsResult, resolveParams } from './params.js';
export { DEFAULTS, type ParseResult, parseRunbook } from './parse.js';
export {
  type DescribeStep,
  describePlan,
  type Plan,
  type PlannedStep,
  planRunbook,
  renderPlanText,
} from './plan.js';
export { API_VERSION, RunbookSchema } from './schema.js';
export {
  checkRunbookSet,
  isSecretReference,
  LIMITS,
  type RunbookSetResult,
  validateRunbookSet,
} from './validate.js';
