/**
 * The validated, normalized runbook: what the parser produces and what the workflow interprets.
 *
 * Everything here is plain JSON (no classes, no bigint, no undefined inside arrays), because a
 * `RunbookDefinition` travels as workflow input and is stored in workflow history. Durations are
 * already converted to milliseconds; templates (`${{ … }}`) are kept as the raw strings the author
 * wrote and are rendered by `src/runbook/expressions` at the moment a step runs.
 *
 * This module is pure types: the workflow imports it.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where a node came from, for messages at run time ("step smoke (deploy.yaml:21:7) failed"). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type ParamType = 'string' | 'integer' | 'boolean' | 'duration' | 'secret';

export interface ParamSpec {
  readonly type: ParamType;
  readonly description?: string;
  /** Absent means the parameter is required. */
  readonly default?: string | number | boolean;
  readonly enum?: ReadonlyArray<string | number>;
  readonly pattern?: string;
}

export interface RetrySpec {
  readonly maxAttempts: number;
  readonly initialIntervalMs: number;
  readonly backoff: number;
  readonly maxIntervalMs?: number;
}

/** A `run:` command: either an argv list (no shell at all) or a script for an explicit shell. */
export type CommandSpec =
  | { readonly argv: readonly string[] }
  | { readonly script: string; readonly shell: string };

interface StepBase {
  /** Unique across the whole runbook, including nested and `onFailure` steps. */
  readonly id: string;
  readonly name?: string;
  /** A `${{ … }}` template that must evaluate to a boolean. */
  readonly when?: string;
  readonly retry?: RetrySpec;
  readonly timeoutMs?: number;
  readonly continueOnError: boolean;
  /** `'none'` turns off the built-in inverse of an action (e.g. `kubernetes.setImage`). */
  readonly rollback?: RollbackStep | 'none';
  readonly env: Readonly<Record<string, string>>;
  /** Named outputs computed from templates after the step succeeds. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly source: SourceLocation;
}

export interface RunStep extends StepBase {
  readonly kind: 'run';
  readonly command: CommandSpec;
}

export interface UsesStep extends StepBase {
  readonly kind: 'uses';
  /** A registered action name such as `approval`, `sleep`, `http.request`, `kubernetes.setImage`. */
  readonly action: string;
  readonly with: JsonObject;
}

export interface ParallelStep extends StepBase {
  readonly kind: 'parallel';
  readonly steps: readonly Step[];
}

export interface ForEachStep extends StepBase {
  readonly kind: 'forEach';
  /** A template evaluating to a list, or a literal list. */
  readonly items: string | readonly JsonValue[];
  /** The name under which each element is visible to expressions; `item` by default. */
  readonly as: string;
  readonly maxConcurrency: number;
  readonly steps: readonly Step[];
}

export interface ChildRunbookStep extends StepBase {
  readonly kind: 'runbook';
  /** The child runbook's `metadata.name`, resolved from the same commit. */
  readonly runbook: string;
  readonly params: JsonObject;
}

export type Step = RunStep | UsesStep | ParallelStep | ForEachStep | ChildRunbookStep;
export type StepKind = Step['kind'];

/** A rollback is a step without an id (it takes the id of the step it undoes). */
export type RollbackStep =
  | (Omit<RunStep, 'id' | 'rollback' | 'outputs'> & { readonly id?: undefined })
  | (Omit<UsesStep, 'id' | 'rollback' | 'outputs'> & { readonly id?: undefined });

export interface ConcurrencySpec {
  /** A template; runs whose rendered keys are equal never overlap. */
  readonly key: string;
  readonly onConflict: 'reject' | 'queue';
}

/**
 * `spec.access`: who may start the runbook (people and groups of people.yaml, members of Slack
 * user groups) and, for Slack, from which channels.
 */
export interface AccessSpec {
  readonly people: readonly string[];
  readonly groups: readonly string[];
  /** Slack user group ids; membership is looked up in Slack when a Slack user starts a run. */
  readonly slackUserGroups?: readonly string[];
  /** Slack channel ids a Slack start must come from; absent: any channel. */
  readonly channels?: readonly string[];
}

/** `spec.triggers.slack`: offered as a Slack command; `channel` is where its runs are announced. */
export interface SlackTriggerSpec {
  /** A channel id (`C0123ABCD`) or `#name`. */
  readonly channel?: string;
}

export interface TriggersSpec {
  readonly slack?: SlackTriggerSpec;
  readonly github?: {
    readonly onMerge?: {
      readonly branches: readonly string[];
      readonly paths: readonly string[];
      readonly params: JsonObject;
    };
  };
}

export interface RunbookDefinition {
  readonly apiVersion: 'runbook-runner/v1';
  readonly kind: 'Runbook';
  readonly name: string;
  readonly description?: string;
  readonly owners: readonly string[];
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly concurrency?: ConcurrencySpec;
  readonly access?: AccessSpec;
  readonly triggers?: TriggersSpec;
  readonly timeoutMs?: number;
  readonly steps: readonly Step[];
  readonly onFailure: readonly Step[];
  /** The file the definition was read from, relative to the repository root. */
  readonly file: string;
}
