/**
 * Every bound on what a runbook, a param or an expression may cost, in one place.
 *
 * A runbook is written by someone who can merge to the repository; its params are typed by
 * whoever may start it (soon from Slack and GitHub comments). Each input is therefore bounded in
 * size, and each evaluation in work, so that no input can stall `validate`, `plan` or a workflow
 * task. docs/security.md#limits lists these with the reason for each. Pure: no I/O.
 */

export const LIMITS = {
  /** A runbook file, in bytes. */
  maxFileBytes: 1024 * 1024,
  /** Steps in one runbook, counting nested, rollback-free steps and `onFailure`. */
  maxSteps: 500,
  /** `parallel`/`forEach` nesting. */
  maxNesting: 10,
  /** YAML alias uses (against "billion laughs"). */
  maxAliasCount: 100,
  /** Any duration: timeouts, retry intervals, `sleep`, duration params. */
  maxDurationMs: 30 * 86_400_000,
  /** Step ids, param names, output names, `env:` names. */
  maxIdLength: 64,
  /** One param value as given on the command line, Slack or GitHub, in characters. */
  maxParamValueLength: 4096,
  /** Params given to one run. */
  maxParamCount: 100,
  /** Items of one `forEach`, literal or rendered at run time. */
  maxForEachItems: 1000,
  /** One rendered step output value, in characters (JSON text for non-strings). */
  maxOutputValueLength: 256 * 1024,
  /** Named outputs of one step. */
  maxOutputsPerStep: 100,
} as const;

/** Bounds on one expression evaluation: work, not wall time, so that replay is deterministic. */
export const EXPRESSION_LIMITS = {
  /** The text between `${{` and `}}`, in characters. */
  maxExpressionLength: 4096,
  /** Evaluation steps (AST node evaluations, loop iterations included) per expression. */
  maxOperations: 100_000,
  /** Characters of any string an expression produces on the way. */
  maxStringLength: 1024 * 1024,
  /** Elements of any list or map an expression produces on the way. */
  maxCollectionSize: 100_000,
  /** A regular expression pattern (`matches()`, param `pattern:`), in characters. */
  maxPatternLength: 1024,
} as const;

/** Bounds on what the tools print about a file, so a hostile file cannot flood a terminal or CI log. */
export const REPORT_LIMITS = {
  /** Diagnostics per file; the rest is summed up as "… and N more". */
  maxDiagnosticsPerFile: 50,
  /** Characters of the source line shown in a code frame. */
  maxCodeFrameWidth: 160,
  /** Characters of a value quoted inside a message (an expression, a key, a param value). */
  maxQuotedLength: 120,
  /** Strings longer than this are not compared for "did you mean" hints. */
  maxSuggestionLength: 64,
  /** Candidates compared for one "did you mean" hint. */
  maxSuggestionCandidates: 500,
} as const;
