// `runbook test`: test files for runbooks (format, validation, schema), the mock activities, the
// runner on the time-skipping server, expectations and reports.
export type { ApprovalOutcome, CaseTrace } from './case-trace.js';
export {
  checkAgainstRunbook,
  type RunbookUnderTest,
  type StepFacts,
  stepFacts,
} from './check-against-runbook.js';
export { TEST_DIAGNOSTIC_CODES, type TestDiagnosticCode } from './diagnostic-codes.js';
export { runbookTestJsonSchema } from './json-schema.js';
export { TEST_LIMITS } from './limits.js';
export type {
  ApprovalDecisionKind,
  ApprovalPlan,
  CallExpectation,
  Expectations,
  FailMock,
  FinalStatus,
  RunbookTestFile,
  StepMock,
  TestCase,
  TestPosition,
} from './model.js';
export { isTestFileName, type ParseTestFileResult, parseTestFile } from './parse-test-file.js';
export { FINAL_STATUSES, RunbookTestSchema, TEST_KIND } from './schema.js';
