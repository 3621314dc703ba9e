import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveParams } from './params.js';
import { parseRunbook } from './parse.js';

const result = parseRunbook(
  `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: p }
spec:
  params:
    env: { type: string, enum: [staging, prod], default: staging }
    image: { type: string, pattern: '^[a-z]+:[0-9.]+$' }
    replicas: { type: integer, default: 2 }
    force: { type: boolean, default: false }
    wait: { type: duration, default: 5m }
    token: { type: secret }
  steps: [ { id: a, run: ["true"] } ]
`,
  'p.yaml',
);
assert.ok(result.ok, JSON.stringify(result.diagnostics));
const def = result.runbook;

describe('resolveParams', () => {
  it('converts types and applies defaults', () => {
    const resolved = resolveParams(def, {
      image: 'api:1.2',
      replicas: '5',
      token: 'env:API_TOKEN',
    });
    assert.deepEqual(resolved, {
      ok: true,
      params: {
        env: 'staging',
        image: 'api:1.2',
        replicas: 5,
        force: false,
        wait: 300_000,
        token: 'env:API_TOKEN',
      },
    });
  });

  it('names each bad param and what it allows', () => {
    const resolved = resolveParams(def, {
      env: 'prdo',
      image: 'API',
      replicas: 'many',
      force: 'yes',
      token: 'hunter2',
      extra: 'x',
    });
    assert.equal(resolved.ok, false);
    if (resolved.ok) return;
    const byParam = Object.fromEntries(resolved.errors.map((e) => [e.param, e]));
    assert.equal(byParam.extra?.code, 'RB4003');
    assert.match(byParam.env?.message ?? '', /did you mean "prod"\?.*allowed: "staging", "prod"/);
    assert.match(byParam.image?.message ?? '', /does not match the pattern/);
    assert.match(byParam.replicas?.message ?? '', /must be an integer, not "many"/);
    assert.match(byParam.force?.message ?? '', /must be true or false/);
    assert.match(byParam.token?.message ?? '', /reference to a secret, never the secret itself/);
  });

  it('reports a missing required param', () => {
    const resolved = resolveParams(def, { token: 'file:/run/secrets/t' });
    assert.deepEqual(resolved.ok ? [] : resolved.errors.map((e) => [e.code, e.param]), [
      ['RB4001', 'image'],
    ]);
  });
});
