import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

describe('expression evaluator in the Temporal workflow sandbox', () => {
  it('bundles a workflow that imports src/runbook/expressions and model', async () => {
    const workflowsPath = fileURLToPath(
      new URL('../fixtures/runbooks/expressions-workflow.ts', import.meta.url),
    );
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    assert.match(code, /renderInWorkflow/);
    assert.match(code, /cel-js/);
    // matches() runs on RE2JS inside the sandbox (safe-regex.ts), not on backtracking RegExp.
    assert.match(code, /re2js/);
    // The sandbox forbids Node built-ins; the bundler fails on them, so reaching here proves none.
    assert.ok(code.length > 0);
  });
});
