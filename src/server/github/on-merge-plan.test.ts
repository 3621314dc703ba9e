import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeBlock, inlineCode } from './markdown.js';
import { onMergeMatches } from './on-merge-plan.js';

test('onMerge matches the base branch by glob and any changed path by picomatch glob', () => {
  const onMerge = { branches: ['main', 'release/*'], paths: ['deploy/**', '.github/*.yml'] };
  assert.equal(onMergeMatches(onMerge, 'main', ['docs/a.md', 'deploy/app/x.yaml']), true);
  assert.equal(onMergeMatches(onMerge, 'release/1.2', ['.github/ci.yml']), true);
  assert.equal(onMergeMatches(onMerge, 'develop', ['deploy/x.yaml']), false);
  assert.equal(onMergeMatches(onMerge, 'main', ['docs/deploy/x.yaml']), false);
  assert.equal(onMergeMatches({ branches: ['main'], paths: [] }, 'main', ['anything']), true);
});

test('untrusted text cannot leave its code span, table cell or code block', () => {
  assert.equal(inlineCode('a`b|c'), '``a`b\\|c``');
  const block = codeBlock('```\n@here\n```');
  assert.ok(block.startsWith('````text\n'));
  assert.ok(block.endsWith('\n````'));
});
