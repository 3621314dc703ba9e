import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunbookDefinition } from './model.js';
import { parseRunbook } from './parse.js';
import { EMPTY_PEOPLE } from './people/model.js';
import { lineDiff, PLAN_DIFFERENCE_LIMITS, planDifference } from './plan-difference.js';
import { planHash } from './plan-hash.js';

function runbook(steps: string, name = 'deploy'): RunbookDefinition {
  const parsed = parseRunbook(
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: ${name} }
spec:
  params:
    env: { type: string, default: staging }
  steps:
${steps}`,
    `runbooks/${name}.yaml`,
  );
  assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.diagnostics));
  return parsed.runbook;
}

const base = runbook('    - id: build\n      run: ["make"]\n');
const input = (definition: RunbookDefinition, params = { env: 'staging' }) => ({
  definition,
  children: {},
  people: EMPTY_PEOPLE,
  params,
});

describe('planDifference', () => {
  it('is empty exactly when the plan hashes are equal', () => {
    assert.deepEqual(planDifference(input(base), input(base)), []);
    assert.equal(planHash(input(base)), planHash(input(base)));
  });

  it('names the changed runbook file and shows the added step as a + line of the plan', () => {
    const changed = runbook(
      '    - id: build\n      run: ["make"]\n    - id: wipe\n      run: ["rm", "-rf", "/data"]\n',
    );
    const lines = planDifference(input(base), input(changed));
    assert.equal(lines[0], 'runbook runbooks/deploy.yaml changed');
    assert.ok(lines.includes('plan:'), lines.join('\n'));
    assert.ok(
      lines.some((l) => l.startsWith('+ ') && l.includes('wipe') && l.includes('rm -rf /data')),
      lines.join('\n'),
    );
    assert.ok(!lines.some((l) => l.startsWith('- ') && l.includes('build')), lines.join('\n'));
  });

  it('shows a changed resolved param with both values', () => {
    const lines = planDifference(input(base), input(base, { env: 'prod' }));
    assert.ok(lines.includes('param env: "staging" → "prod"'), lines.join('\n'));
  });

  it('names people and groups that changed in people.yaml', () => {
    const before = { file: 'people.yaml', people: {}, groups: { sre: ['alice'] } };
    const after = { file: 'people.yaml', people: {}, groups: { sre: ['alice', 'mallory'] } };
    const lines = planDifference(
      { ...input(base), people: before },
      { ...input(base), people: after },
    );
    assert.deepEqual(lines, ['people people.yaml changed: ~group sre']);
  });

  it('says nothing was reviewed when the runbook could not be planned at the head', () => {
    const [line] = planDifference(undefined, input(base));
    assert.match(line ?? '', /could not be planned at the pull request's head/);
  });

  it('is bounded: at most maxLines lines of at most maxLineLength characters, escaped', () => {
    const many = Array.from(
      { length: 120 },
      (_, i) => `    - id: s${i}\n      run: ["echo", "${'x'.repeat(300)}\\u001b[2J"]\n`,
    ).join('');
    const lines = planDifference(input(base), input(runbook(many)));
    assert.equal(lines.length, PLAN_DIFFERENCE_LIMITS.maxLines);
    assert.match(lines.at(-1) ?? '', /^… \d+ more lines$/);
    for (const line of lines) {
      assert.ok(line.length <= PLAN_DIFFERENCE_LIMITS.maxLineLength + 40, line);
      assert.ok(!line.includes('\u001b'), 'control characters are escaped');
    }
  });
});

describe('lineDiff', () => {
  it('keeps common lines out and orders removals before additions at a change', () => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nx\nc'), ['- b', '+ x']);
  });
});
