/**
 * Bounds on a `kind: RunbookTest` file, in one place (docs/runbook-test-format.md lists them).
 * A test file is written by whoever may open a pull request, so each part is bounded like a
 * runbook. Pure: no I/O.
 */
export const TEST_LIMITS = {
  /** A test file, in bytes. */
  maxFileBytes: 1024 * 1024,
  /** Cases in one file. */
  maxCases: 200,
  /** A case's name, in characters. */
  maxCaseNameLength: 200,
  /** Approval decisions in one case. */
  maxApprovals: 50,
  /** People named in one approval decision. */
  maxVoters: 20,
  /** Mocked steps in one case. */
  maxMockedSteps: 500,
  /** `fail.attempts`: how many attempts a mock fails before it succeeds. */
  maxFailAttempts: 100,
  /** `fail.stderr` / `fail.message`, in characters. */
  maxFailText: 64 * 1024,
  /** Expected calls in one case. */
  maxCalls: 500,
  /** Step ids listed in one of `ran`, `skipped`, `rolledBack`. */
  maxListedSteps: 1000,
  /** Cases run at the same time by default (each on its own time-skipping server). */
  defaultConcurrency: 2,
  /** The most cases `--concurrency` may run at once. */
  maxConcurrency: 8,
} as const;
