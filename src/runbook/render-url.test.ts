// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ExpressionContext, ExpressionError } from './expressions.js';
import { renderUrl } from './render-url.js';

const ctx = (params: Record<string, string | number>): ExpressionContext => ({
  params,
  steps: {},
  run: { id: 'r', commit: 'c', triggeredBy: 'cli:alice' },
});

describe('renderUrl', () => {
  it('percent-encodes a value inside the URL so it stays one path segment or query value', () => {
    const url = renderUrl(
      'https://api.example.test/v1/users/${{ params.user }}?q=${{ params.q }}',
      {
        ...ctx({ user: 'a/../../admin?x=1#frag', q: 'x&admin=true' }),
      },
    );
    assert.equal(
      url,
      'https://api.example.test/v1/users/a%2F..%2F..%2Fadmin%3Fx%3D1%23frag?q=x%26admin%3Dtrue',
    );
    assert.equal(new URL(url).pathname, '/v1/users/a%2F..%2F..%2Fadmin%3Fx%3D1%23frag');
    assert.equal(new URL(url).searchParams.get('admin'), null);
  });

  it('inserts a leading expression as the base URL, and still encodes the rest', () => {
    assert.equal(
      renderUrl(
        '${{ params.base }}/hooks/${{ params.id }}',
        ctx({ base: 'http://127.0.0.1:8080', id: 7 }),
      ),
      'http://127.0.0.1:8080/hooks/7',
    );
  });

  it('refuses a leading expression that is not an absolute http(s) URL', () => {
    assert.throws(
      () => renderUrl('${{ params.base }}/x', ctx({ base: 'file:///etc/passwd' })),
      (error: unknown) => error instanceof ExpressionError && error.code === 'RB3120',
    );
    assert.throws(
      () => renderUrl('${{ params.base }}/x', ctx({ base: 'http://a b' })),
      (error: unknown) =>
        error instanceof ExpressionError && /absolute http\(s\) URL/.test(error.message),
    );
  });

  it('leaves a URL without expressions as written', () => {
    assert.equal(renderUrl('https://x.test/a%20b', ctx({})), 'https://x.test/a%20b');
  });
});
