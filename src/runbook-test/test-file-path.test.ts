import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRunbookTestFile } from './test-file-path.js';

describe('isRunbookTestFile', () => {
  it('recognizes <name>.test.yaml and .test.yml beside a runbook, and nothing else', () => {
    assert.equal(isRunbookTestFile('runbooks/deploy-service.test.yaml'), true);
    assert.equal(isRunbookTestFile('examples/hello.test.yml'), true);
    assert.equal(isRunbookTestFile('runbooks/deploy-service.yaml'), false);
    assert.equal(isRunbookTestFile('runbooks/test.yaml'), false);
    assert.equal(isRunbookTestFile('runbooks/people.yaml'), false);
    assert.equal(isRunbookTestFile('runbooks/a.test.yaml.bak'), false);
  });
});
