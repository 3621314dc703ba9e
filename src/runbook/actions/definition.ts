/**
 * What the runner knows about one action (`uses: <name>`): the shape every entry of the registry
 * has. Pure types: the workflow imports them.
 */
import type { z } from 'zod';

/** Named retry policies; `'api'` is `API_DEFAULT_RETRY` (src/workflows/policies.ts) today. */
export type ActionRetry = 'api';

/** A run-context field an activity receives beside the rendered `with:`. */
export type ActionContextField = 'workdir' | 'secretRefs';

export interface ActionDefinition {
  /** The name after `uses:`, e.g. `kubernetes.setImage`. Public API: renaming one is breaking. */
  readonly name: string;
  /** Who carries the step out: the workflow itself (`approval`, `sleep`) or an activity. */
  readonly runs: 'approval' | 'sleep' | 'activity';
  /** The activity function's name when `runs` is `activity`, e.g. `kubernetesSetImage`. */
  readonly activity?: string;
  /** Run-context fields the activity input gets besides the rendered `with:`. */
  readonly context?: readonly ActionContextField[];
  /**
   * What the activity returns: `outputs` is `{ outputs, undo? }` (Kubernetes); `http-response` is
   * `{ status, body, headers }`, which become the step's outputs.
   */
  readonly result?: 'outputs' | 'http-response';
  /** The `with:` schema: `runbook validate` checks it before merge, the activity parses it. */
  readonly input: z.ZodType;
  /** Default per-attempt timeout; 0 for an action that runs no activity (approval, sleep). */
  readonly timeoutMs: number;
  readonly retry: ActionRetry;
  /**
   * Built-in undo: the step's result carries `undo`, and compensation calls this activity with it
   * unless the step says `rollback: none` or gives its own `rollback:`.
   */
  readonly undo?: { readonly activity: string };
  /**
   * Whether a failure may carry the undo of the part the action did (`details[].undo`: the objects a
   * `kubernetes.apply` applied before one was refused); the saga runs it like the step's own
   * rollback. Needs `undo`.
   */
  readonly undoesPartialWork?: boolean;
  /**
   * `with:` fields holding a URL: each value inside is percent-encoded when rendered (see
   * src/runbook/render-url.ts), so a param cannot add a path, query or fragment.
   */
  readonly urlFields?: readonly string[];
  /** Whether `runbook plan` can run the action as a server-side dry run. */
  readonly dryRun: boolean;
  /** Whether the action may change something outside the run. */
  readonly mutating: boolean;
  /** Not available: `runbook validate` reports this reason at the `uses:` value. */
  readonly available: true | { readonly reason: string };
  /** Where the action is documented, relative to the repository root, with its anchor. */
  readonly docs: string;
  /** One line for tables and `did you mean` lists. */
  readonly summary: string;
}
