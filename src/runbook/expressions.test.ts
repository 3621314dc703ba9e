// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkExpression,
  type ExpressionContext,
  ExpressionError,
  type ExpressionScope,
  evaluateCondition,
  findExpressions,
  renderTemplate,
} from './expressions.js';

const ctx: ExpressionContext = {
  params: { env: 'prod', replicas: 3, ratio: 0.5, dry: false },
  steps: { build: { status: 'succeeded', outputs: { tag: 'v1.2.3', images: ['a', 'b'] } } },
  run: { id: 'run-1', commit: 'abc123', triggeredBy: 'alice' },
  item: { name: 'api' },
};

describe('renderTemplate', () => {
  it('returns the typed value for a string that is exactly one expression', () => {
    assert.equal(renderTemplate('${{ params.replicas + 1 }}', ctx), 4);
    assert.equal(renderTemplate('${{ params.env == "prod" }}', ctx), true);
    assert.deepEqual(renderTemplate('${{ steps.build.outputs.images }}', ctx), ['a', 'b']);
    assert.equal(renderTemplate('${{ params.ratio * 2.0 }}', ctx), 1);
  });

  it('interpolates text around expressions into a string', () => {
    assert.equal(
      renderTemplate(
        'deploy ${{ steps.build.outputs.tag }} to ${{ params.env }} x${{ params.replicas }}',
        ctx,
      ),
      'deploy v1.2.3 to prod x3',
    );
  });

  it('renders every string deep inside lists and maps, leaving other values alone', () => {
    assert.deepEqual(
      renderTemplate(
        { a: ['${{ item.name }}', 7, null], b: { c: '${{ run.commit }}', d: true } },
        ctx,
      ),
      { a: ['api', 7, null], b: { c: 'abc123', d: true } },
    );
  });

  it('gives JSON numbers for CEL integers, never bigint', () => {
    const value = renderTemplate('${{ [1, 2].map(x, x * params.replicas) }}', ctx);
    assert.deepEqual(value, [3, 6]);
    assert.equal(typeof (value as number[])[0], 'number');
  });

  it('refuses results JSON cannot carry', () => {
    assert.throws(
      () => renderTemplate('${{ timestamp("2024-01-01T00:00:00Z") }}', ctx),
      (error: unknown) =>
        error instanceof ExpressionError &&
        error.code === 'RB3102' &&
        /not JSON/.test(error.message),
    );
    assert.throws(() => renderTemplate('${{ b"abc" }}', ctx), /bytes, which is not JSON/);
  });

  it('reports evaluation failures with the expression', () => {
    assert.throws(
      () => renderTemplate('${{ params.missing }}', ctx),
      (error: unknown) =>
        error instanceof ExpressionError &&
        error.code === 'RB3101' &&
        error.expression === 'params.missing',
    );
  });

  it('reports syntax errors with code RB3001', () => {
    assert.throws(
      () => renderTemplate('${{ params.env == }}', ctx),
      (error: unknown) => error instanceof ExpressionError && error.code === 'RB3001',
    );
  });

  it('gives the same result for the same input every time (deterministic)', () => {
    const first = renderTemplate('${{ run.id + "-" + string(params.replicas) }}', ctx);
    for (let i = 0; i < 5; i++)
      assert.equal(renderTemplate('${{ run.id + "-" + string(params.replicas) }}', ctx), first);
  });
});

describe('evaluateCondition', () => {
  it('returns the boolean of a when expression', () => {
    assert.equal(evaluateCondition("${{ params.env == 'prod' }}", ctx), true);
    assert.equal(evaluateCondition('${{ params.dry }}', ctx), false);
  });

  it('refuses a non-boolean result', () => {
    assert.throws(
      () => evaluateCondition('${{ params.env }}', ctx),
      (error: unknown) =>
        error instanceof ExpressionError &&
        error.code === 'RB3103' &&
        /must be a boolean/.test(error.message),
    );
  });
});

describe('findExpressions', () => {
  it('finds each expression with its offsets', () => {
    const parts = findExpressions('a ${{ x }} b ${{y}}');
    assert.deepEqual(
      parts.map((p) => [p.expression, p.start, p.end]),
      [
        ['x', 2, 10],
        ['y', 13, 19],
      ],
    );
  });

  it('refuses a ${{ without }}', () => {
    assert.throws(
      () => findExpressions('a ${{ x'),
      (error: unknown) => error instanceof ExpressionError && error.code === 'RB3008',
    );
  });
});

describe('checkExpression', () => {
  const scope: ExpressionScope = {
    params: { env: 'string', replicas: 'integer' },
    visibleSteps: new Set(['build']),
    allSteps: new Set(['build', 'deploy']),
    loopVars: ['item'],
    failure: false,
  };

  it('knows the result type of a well-typed expression', () => {
    assert.equal(checkExpression("params.env == 'prod'", scope).type, 'bool');
    assert.equal(checkExpression('params.replicas', scope).type, 'int');
    assert.deepEqual(checkExpression('item.name', scope).problems, []);
  });

  it('flags an unknown param with a suggestion', () => {
    const [problem] = checkExpression('params.evn', scope).problems;
    assert.equal(problem?.code, 'RB3003');
    assert.match(problem?.hint ?? '', /did you mean "params.env"/);
  });

  it('tells a later step from an unknown one', () => {
    assert.equal(checkExpression('steps.deploy.status', scope).problems[0]?.code, 'RB3005');
    assert.equal(checkExpression('steps.nope.status', scope).problems[0]?.code, 'RB3004');
  });

  it('flags unknown names and type errors', () => {
    assert.equal(checkExpression('parms.x', scope).problems[0]?.code, 'RB3002');
    assert.equal(checkExpression('failure.step', scope).problems[0]?.code, 'RB3002');
    assert.equal(checkExpression("params.replicas > 'a'", scope).problems[0]?.code, 'RB3006');
    assert.equal(checkExpression('params.env ==', scope).problems[0]?.code, 'RB3001');
  });
});
