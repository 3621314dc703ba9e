// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// `runbook validate` checks every `with:` against the action registry, but accepts a `${{ }}`
// wherever a value may stand; the activity parses the rendered input at run time. So that the
// runbooks under runbooks/ really run, every action step there (rollbacks included) is rendered
// with example params, as the workflow renders it, and parsed with the registry's input schema,
// the one its activity parses.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type ExpressionContext,
  evaluateCondition,
  findAction,
  type JsonValue,
  parseRunbook,
  renderTemplate,
  resolveParams,
  type Step,
} from '../../src/runbook/index.js';
import { isTestFileName } from '../../src/runbook-test/parse-test-file.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'runbooks');

/** Example params per runbook; each list is one run, so both sides of a `when:` get rendered. */
const EXAMPLES: Record<string, Array<Record<string, string>>> = {
  'deploy-service.yaml': [
    { namespace: 'shop', deployment: 'web', container: 'web', image: 'ghcr.io/acme/web:1.8.2' },
    {
      namespace: 'shop',
      deployment: 'web',
      image: 'nginx:1.27',
      env: 'prod',
      smoke_url: 'http://127.0.0.1:8080/healthz',
    },
  ],
  'rollback-service.yaml': [
    { namespace: 'shop', deployment: 'web' },
    { namespace: 'shop', deployment: 'web', revision: '7' },
  ],
  'scale-service.yaml': [
    { namespace: 'shop', name: 'web', replicas: '6' },
    { namespace: 'db', name: 'pg', kind: 'StatefulSet', replicas: '0' },
  ],
  'rotate-secret.yaml': [
    {
      namespace: 'shop',
      secret_name: 'web-db',
      key: 'password',
      value: 'env:NEW_DB_PASSWORD',
      deployment: 'web',
      env: 'prod',
    },
  ],
  'restart-crashlooping-pods.yaml': [
    { namespace: 'shop', deployment: 'web' },
    { namespace: 'shop', deployment: 'web', pod: 'web-7d9c-x2x9q' },
  ],
  'cut-github-release.yaml': [
    { repo: 'acme/web', tag: 'v1.8.2' },
    { repo: 'acme/web', tag: 'v2.0.0-rc.1', draft: 'true', target: 'release/2.0' },
  ],
};

function actionSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step) =>
    step.kind === 'parallel' || step.kind === 'forEach' ? actionSteps(step.steps) : [step],
  );
}

describe('runbooks/ action inputs', () => {
  const files = readdirSync(dir).filter(
    (name) => name.endsWith('.yaml') && name !== 'people.yaml' && !isTestFileName(name),
  );

  it('has example params for every runbook at the top of runbooks/', () => {
    assert.deepEqual(files.sort(), Object.keys(EXAMPLES).sort());
  });

  for (const [file, runs] of Object.entries(EXAMPLES)) {
    it(`${file}: every action step, rendered with example params, fits its activity input`, () => {
      const parsed = parseRunbook(readFileSync(join(dir, file), 'utf8'), file);
      assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics));
      let checked = 0;
      for (const raw of runs) {
        const params = resolveParams(parsed.runbook, raw);
        assert.ok(params.ok, JSON.stringify(!params.ok && params.errors));
        const ctx: ExpressionContext = {
          params: params.params,
          steps: {},
          run: { id: 'run-1', commit: 'abc123', triggeredBy: 'alice' },
        };
        for (const step of actionSteps(parsed.runbook.steps)) {
          if (step.when !== undefined && !evaluateCondition(step.when, ctx)) continue;
          const candidates = [step, ...(typeof step.rollback === 'object' ? [step.rollback] : [])];
          for (const action of candidates) {
            if (action.kind !== 'uses') continue;
            const schema = findAction(action.action)?.input;
            assert.ok(schema, `no action ${action.action} in the registry`);
            const input = renderTemplate(action.with, ctx) as Record<string, JsonValue>;
            const result = schema.safeParse(input);
            assert.ok(
              result.success,
              `${file} step ${'id' in step ? step.id : '?'} (${action.action}): ${result.error?.message}`,
            );
            checked++;
          }
        }
      }
      assert.ok(checked > 0);
    });
  }
});
