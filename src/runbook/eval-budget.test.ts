import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ExpressionContext, ExpressionError, evaluateExpression } from './expressions.js';

const ctx = (extra: Record<string, unknown> = {}): ExpressionContext => ({
  params: {},
  steps: {},
  run: { id: 'r', commit: 'c', triggeredBy: 't' },
  ...extra,
});

const list = Array.from({ length: 1000 }, (_, i) => i);

function budgetError(expression: string, extra: Record<string, unknown>): ExpressionError {
  try {
    evaluateExpression(expression, ctx(extra));
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`${expression} did not fail`);
}

describe('expression evaluation budget', () => {
  it('stops three nested all() over 1,000-item lists with RB3104', () => {
    const error = budgetError('l.all(a, l.all(b, l.all(c, a + b + c >= 0)))', { l: list });
    assert.equal(error.code, 'RB3104');
    assert.match(error.message, /was stopped: it needs more than 100000 evaluation steps/);
  });

  it('stops nested exists() even though exists() tolerates failing elements', () => {
    const error = budgetError('l.exists(a, l.exists(b, l.exists(c, a + b + c < 0)))', { l: list });
    assert.equal(error.code, 'RB3104');
  });

  it('stops strings that double in nested binds before they are built', () => {
    const error = budgetError(
      'cel.bind(a, s + s + s + s, cel.bind(b, a + a + a + a, cel.bind(c, b + b + b + b, c + c + c + c)))',
      { s: 'x'.repeat(10_000) },
    );
    assert.equal(error.code, 'RB3104');
    assert.match(error.message, /string longer than 1048576 characters/);
  });

  it('stops a split into more elements than a list may hold', () => {
    const error = budgetError("s.split('')", { s: 'x'.repeat(200_000) });
    assert.equal(error.code, 'RB3104');
    assert.match(error.message, /more than 100000 elements/);
  });

  it('gives each evaluation a fresh budget', () => {
    budgetError('l.all(a, l.all(b, l.all(c, a + b + c >= 0)))', { l: list });
    assert.equal(evaluateExpression('l.all(a, a >= 0)', ctx({ l: list })), true);
    assert.equal(evaluateExpression('l.map(a, l.size()).size()', ctx({ l: list })), 1000);
  });

  it('refuses an expression longer than the limit with RB5006', () => {
    const error = budgetError(Array.from({ length: 1500 }, () => '1').join(' + '), {});
    assert.equal(error.code, 'RB5006');
  });
});
