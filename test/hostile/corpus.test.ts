// The hostile-input corpus (corpus.ts): each case ends in exactly its code, in process, without
// an exception other than the reported ones (the CLI's exit 70). Time and memory figures are
// printed by bench/hostile.ts, not asserted here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASES, EXPECTED_CODES } from './corpus.js';
import { runCase } from './run-case.js';

describe('hostile inputs to validate, params and plan', () => {
  it('has every reproduction of the issue and at least 60 more', () => {
    const issue = CASES.filter((c) => c.issue === true).length;
    assert.ok(issue >= 20, `${issue} reproductions`);
    assert.ok(CASES.length - issue >= 60, `${CASES.length - issue} more cases`);
  });

  for (const c of CASES) {
    it(`${c.issue === true ? '[issue] ' : ''}${c.name} → ${c.code ?? 'accepted'}`, () => {
      const outcome = runCase(c.yaml, c.params);
      const expected = EXPECTED_CODES[c.name] ?? (c.code === null ? [] : [c.code]);
      assert.deepEqual(outcome.codes, expected, outcome.output.slice(0, 2000));
      assert.doesNotMatch(outcome.output, /\n\s+at .+\(.+:\d+:\d+\)/, 'a stack trace was printed');
      const problem = c.check?.(outcome.output);
      assert.equal(problem, undefined, problem);
    });
  }
});
