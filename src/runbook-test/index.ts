// `runbook test`: test files for runbooks (format, validation, schema), the mock activities, the
// runner on the time-skipping server, expectations and reports.

export { buildTrace } from './build-trace.js';
export { CASE_WALL_LIMIT_MS, CaseStuckError } from './case-deadline.js';
export type { ApprovalOutcome, CaseTrace } from './case-trace.js';
export {
  checkAgainstRunbook,
  type RunbookUnderTest,
  type StepFacts,
  stepFacts,
} from './check-against-runbook.js';
export { TEST_DIAGNOSTIC_CODES, type TestDiagnosticCode } from './diagnostic-codes.js';
export { driveCase, identityOf, TEST_ACTOR } from './drive-case.js';
export { compareExpectations, type ExpectationFailure, type Observed } from './expectations.js';
export { runbookTestJsonSchema } from './json-schema.js';
export { TEST_LIMITS } from './limits.js';
export { type LoadedTest, type LoadTestResult, loadTestFile } from './load-test-file.js';
export {
  type CaseMocks,
  createMockActivities,
  INTERNAL_ACTIVITIES,
  MOCKED_FAILURE_TYPE,
  MockBook,
  type RecordedCall,
} from './mock-activities.js';
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
export {
  type CaseResult,
  type FileResult,
  type PlacedFailure,
  type RunTestsOptions,
  runTestFile,
  runTestFiles,
} from './run-tests.js';
export { FINAL_STATUSES, RunbookTestSchema, TEST_KIND } from './schema.js';
export { startTestRig, type TestRig, testWorkflowBundle, workerActivityNames } from './test-rig.js';
