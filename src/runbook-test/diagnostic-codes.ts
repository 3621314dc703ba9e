/**
 * The codes a runbook test file and `runbook test` report (RB9100–RB9149; docs/errors.md lists
 * them). YAML-level problems (syntax, duplicate keys, aliases, tags, non-text) keep the codes the
 * shared YAML checks give every file of the project (RB1005–RB1008, RB5008, RB5009). Pure.
 */
export const TEST_DIAGNOSTIC_CODES = {
  RB9101: 'test-unknown-key',
  RB9102: 'test-missing-key',
  RB9103: 'test-invalid-type',
  RB9104: 'test-invalid-value',
  RB9105: 'test-not-a-test-file',
  RB9106: 'test-invalid-duration',
  RB9110: 'test-runbook-not-found',
  RB9111: 'test-unknown-step',
  RB9112: 'test-not-an-approval-step',
  RB9113: 'test-unknown-person',
  RB9114: 'test-mock-does-not-fit-step',
  RB9115: 'test-invalid-params',
  RB9116: 'test-duplicate-case-name',
  RB9117: 'test-runbook-invalid',
  RB9118: 'test-expectation-unreachable',
  RB9119: 'test-conflicting-fields',
  RB9120: 'test-no-expectation',
  RB9130: 'test-case-failed',
  RB9131: 'test-case-error',
  RB9132: 'test-no-test-files',
} as const;

export type TestDiagnosticCode = keyof typeof TEST_DIAGNOSTIC_CODES;

/** The structural codes of the runbook format, and the test file's own code for each. */
export const STRUCTURAL_CODE_MAP: Readonly<Record<string, TestDiagnosticCode>> = {
  RB1001: 'RB9101',
  RB1002: 'RB9102',
  RB1003: 'RB9103',
  RB1004: 'RB9104',
  RB1009: 'RB9105',
  RB1010: 'RB9106',
};
