import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ExpressionContext } from '../runbook/expressions.js';
import type { JsonValue, RunbookDefinition, Step } from '../runbook/model.js';
import { secretToken } from '../runbook/secret-token.js';
import type { PendingApproval } from './approval.js';
import { workflowNow } from './clock.js';
import {
  RunbookCommitKey,
  RunbookNameKey,
  RunStatusKey,
  TriggeredByKey,
} from './search-attributes.js';
import type { Compensation } from './step-values.js';
import { folderOf } from './step-values.js';
import type { RunbookRunInput, RunProgress, RunStatus, StepProgress } from './types.js';

/** Where a `run:` step works: a folder for uncommitted runs, a pinned commit's checkout otherwise. */
export type Workdir =
  | { readonly dir: string }
  | { readonly repoPath: string; readonly commit: string; readonly subdir: string };

/**
 * Everything one run shares between its step modules: the input, the state the `progress` query
 * shows, the saga stack and the approvals waiting. One object instead of closures, so each step
 * kind can live in its own module and be read alone.
 */
export interface RunContext {
  readonly input: RunbookRunInput;
  readonly definition: RunbookDefinition;
  readonly workflowId: string;
  /** Secret references the run's params declared; activities resolve only these. */
  readonly secretRefs: readonly string[];
  /** What expressions see at the top level (`params`, `steps`, `run`). */
  readonly root: ExpressionContext;
  readonly progress: RunProgress;
  readonly stepsByKey: Map<string, StepProgress>;
  /** The saga: undo records of finished steps, oldest first. */
  readonly compensations: Compensation[];
  readonly pending: PendingApproval[];
  /** Each finished step's outputs by key: the run's result. */
  readonly stepOutputs: Record<string, Record<string, JsonValue>>;
  readonly workdir: Workdir;
  /**
   * The vote public keys recorded with the run (see vote-keys.ts): set when the run reaches its
   * first approval step; `undefined` before, and always in runs started before the patch.
   */
  voteKeys?: Readonly<Record<string, string>>;
  /** The one recording of {@link voteKeys}, shared by approval steps that wait at once. */
  voteKeysRecorded?: Promise<void>;
}

/** The commit a run reports: the SHA, or `uncommitted:<content hash>`. */
export function commitLabel(input: RunbookRunInput): string {
  return input.source.commit ?? `uncommitted:${input.source.contentHash ?? ''}`;
}

/**
 * Builds the run's context and records its search attributes. Secret params become tokens here
 * (`[[secret:env:X]]`): their references travel, their values never enter history.
 */
export function createRunContext(input: RunbookRunInput): RunContext {
  const { definition, source, trigger } = input;
  const workflowId = workflowInfo().workflowId;
  const secretRefs: string[] = [];
  const params: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(input.params)) {
    const spec = definition.params[name];
    if (spec?.type === 'secret' && typeof value === 'string') {
      secretRefs.push(value);
      params[name] = secretToken(value);
    } else {
      params[name] = value;
    }
  }
  const commit = commitLabel(input);
  const root: ExpressionContext = {
    params,
    steps: {},
    run: { id: workflowId, commit, triggeredBy: trigger.actor },
  };
  const progress: RunProgress = {
    runbook: definition.name,
    commit: source.commit,
    triggeredBy: trigger.actor,
    status: 'Running',
    startedAt: workflowNow(),
    steps: [],
  };
  upsertSearchAttributes([
    { key: RunbookNameKey, value: definition.name },
    { key: RunbookCommitKey, value: commit },
    { key: TriggeredByKey, value: trigger.actor },
    { key: RunStatusKey, value: 'Running' },
  ]);
  const workdir: Workdir =
    source.commit === null
      ? { dir: source.dir ?? '.' }
      : { repoPath: source.repo, commit: source.commit, subdir: folderOf(source.path) };
  return {
    input,
    definition,
    workflowId,
    secretRefs,
    root,
    progress,
    stepsByKey: new Map(),
    compensations: [],
    pending: [],
    stepOutputs: {},
    workdir,
  };
}

/** Sets the run's status in progress and in the `RunbookStatus` search attribute. */
export function setRunStatus(run: RunContext, status: RunStatus): void {
  run.progress.status = status;
  upsertSearchAttributes([{ key: RunStatusKey, value: status }]);
}

/** The progress entry of a step, created the first time the step is reached. */
export function trackStep(run: RunContext, step: Step, key: string, depth: number): StepProgress {
  const existing = run.stepsByKey.get(key);
  if (existing !== undefined) return existing;
  const entry: StepProgress = {
    key,
    id: step.id,
    ...(step.name === undefined ? {} : { name: step.name }),
    kind: step.kind,
    ...(step.kind === 'uses' ? { action: step.action } : {}),
    depth,
    status: 'Pending',
    attempt: 0,
  };
  run.stepsByKey.set(key, entry);
  run.progress.steps.push(entry);
  return entry;
}
