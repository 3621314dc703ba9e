/**
 * The CLI's exit codes, one per kind of ending, so scripts can tell them apart. Listed in
 * docs/errors.md; never renumber one.
 */
export const ExitCode = {
  /** The command did what it was asked (a run ended `Succeeded`). */
  Ok: 0,
  /** The command ran but the answer is "no": a run ended other than `Succeeded`, a vote was refused, a run id is unknown. */
  Failed: 1,
  /** The command line or its input is wrong (flag, file, runbook, param). */
  Usage: 2,
  /** The environment is not ready: Temporal unreachable, dev server or a binary missing, kubeconfig unreadable. */
  Environment: 3,
  /** No worker picked up the work within the wait bound (`--worker-wait`, RUNBOOK_WORKER_WAIT). */
  NoWorker: 4,
  /** An unexpected error: a bug. */
  Internal: 70,
} as const;
