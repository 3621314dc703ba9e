// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ExpressionContext, ExpressionError, evaluateExpression } from './expressions.js';
import { resolveParams } from './params.js';
import { parseRunbook } from './parse.js';
import { compilePattern, testPattern } from './safe-regex.js';

const ctx = (extra: Record<string, unknown> = {}): ExpressionContext => ({
  params: {},
  steps: {},
  run: { id: 'r', commit: 'c', triggeredBy: 't' },
  ...extra,
});

describe('linear-time regular expressions', () => {
  it('finds a pattern anywhere, as RegExp.test does', () => {
    assert.equal(testPattern('b+', 'abbbc'), true);
    assert.equal(testPattern('^b+$', 'abbbc'), false);
  });

  it('refuses what RE2 cannot match in linear time, saying why', () => {
    for (const pattern of ['(a)\\1', '(?=a)', '(?<=a)b', '(?!x)', 'a{2000}', '[']) {
      const compiled = compilePattern(pattern);
      assert.equal(compiled.ok, false, pattern);
    }
    assert.equal(compilePattern('x'.repeat(1025)).ok, false);
  });

  it('a param pattern ^(a+)+$ against 100,000 a and a ! is decided, not hung', () => {
    const result = parseRunbook(
      `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: r }
spec:
  params: { x: { type: string, pattern: '^(a+)+$' } }
  steps: [ { id: a, run: ["true"] } ]
`,
      'r.yaml',
    );
    assert.ok(result.ok);
    const resolved = resolveParams(result.runbook, { x: `${'a'.repeat(100_000)}!` });
    assert.equal(resolved.ok, false);
    assert.equal(!resolved.ok && resolved.errors[0]?.code, 'RB4002');
  });

  it('matches() in an expression runs on RE2', () => {
    const value = evaluateExpression("x.matches('^(a+)+$')", ctx({ x: `${'a'.repeat(50_000)}!` }));
    assert.equal(value, false);
    assert.equal(evaluateExpression("x.matches('^a+$')", ctx({ x: 'aaa' })), true);
  });

  it('a pattern from data that RE2 refuses fails the evaluation, naming matches()', () => {
    assert.throws(
      () => evaluateExpression('x.matches(p)', ctx({ x: 'aa', p: '(a)\\1' })),
      (error: unknown) =>
        error instanceof ExpressionError &&
        error.code === 'RB3101' &&
        /matches\(\): invalid pattern/.test(error.message),
    );
  });

  it('validate refuses a literal matches() pattern RE2 cannot compile (RB5005) and a bad param pattern (RB2013)', () => {
    const result = parseRunbook(
      `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: r }
spec:
  params: { x: { type: string, pattern: '(?=a)' } }
  steps:
    - id: a
      when: "\${{ params.x.matches('(?<=a)b') }}"
      run: ["true"]
`,
      'r.yaml',
    );
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.line]),
      [
        ['RB2013', 5],
        ['RB5005', 8],
      ],
    );
  });
});
