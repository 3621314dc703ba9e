/**
 * A runbook's test file sits beside it as `<name>.test.yaml` (`kind: RunbookTest`). Everything that
 * lists the runbooks of a folder (`runbook validate`, the catalog, the pull request check) skips
 * these files: they are not runbooks. Pure.
 */
const TEST_FILE = /\.test\.ya?ml$/;

/** Whether `path` names a runbook test file (`deploy-service.test.yaml`), not a runbook. */
export function isRunbookTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}
