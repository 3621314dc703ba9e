// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ACTIONS } from './actions/index.js';
import type { Diagnostic } from './diagnostics.js';
import type { JsonObject } from './model.js';
import { parseRunbook } from './parse.js';

/** A minimal `with:` that each action accepts. */
const VALID_INPUTS: Record<string, JsonObject> = {
  approval: { message: 'ship it?' },
  sleep: { duration: '5m' },
  'http.request': { url: 'https://deploy.example.com/hook', method: 'POST' },
  'kubernetes.apply': { manifest: 'kind: ConfigMap', namespace: 'shop' },
  'kubernetes.setImage': { name: 'web', containers: { web: 'nginx:1.27' } },
  'kubernetes.scale': { name: 'web', replicas: 3 },
  'kubernetes.patch': { kind: 'Deployment', name: 'web', patch: { spec: { paused: true } } },
  'kubernetes.rolloutUndo': { name: 'web' },
  'kubernetes.rolloutRestart': { name: 'web' },
  'kubernetes.delete': { kind: 'Job', name: 'migrate' },
  'kubernetes.rolloutStatus': { name: 'web', timeoutSeconds: 60 },
  'kubernetes.get': { kind: 'Deployment', name: 'web' },
  'kubernetes.waitFor': { kind: 'Job', name: 'migrate', condition: 'Complete' },
  'slack.post': { channel: '#deploys', text: 'deploying' },
  'slack.update': { channel: 'C0DEPLOYS', ts: '1712345678.000100', text: 'deployed' },
  'github.comment': { repository: 'acme/web', issue: 12, body: 'hello', marker: 'plan' },
  'github.commitStatus': { repository: 'acme/web', sha: 'a'.repeat(40), state: 'success' },
  'github.checkRun': { repository: 'acme/web', name: 'runbooks', headSha: 'a'.repeat(40) },
  'github.deployment': { repository: 'acme/web', ref: 'v1.2.3', environment: 'staging' },
  'github.deploymentStatus': { repository: 'acme/web', deploymentId: 7, state: 'success' },
  'github.createPullRequest': { repository: 'acme/web', head: 'fix', base: 'main', title: 't' },
  'github.mergePullRequest': { repository: 'acme/web', number: 3, method: 'squash' },
  'github.createRelease': { repository: 'acme/web', tag: 'v1.2.3', generateNotes: true },
  'github.dispatchWorkflow': { repository: 'acme/web', workflow: 'e2e.yml', ref: 'main' },
  'temporal.setCurrentVersion': { deployment: 'runbook-runner', buildId: 'green' },
  'temporal.setRampingVersion': { deployment: 'runbook-runner', buildId: 'green', percentage: 10 },
  'temporal.waitDrained': { deployment: 'runbook-runner', buildId: 'blue' },
  'temporal.describeDeployment': { deployment: 'runbook-runner' },
};

function runbookWith(steps: readonly JsonObject[]): string {
  return stringify({
    apiVersion: 'runbook-runner/v1',
    kind: 'Runbook',
    metadata: { name: 'probe' },
    spec: { params: { n: { type: 'integer', default: 2 } }, steps },
  });
}

function diagnosticsOf(text: string): Diagnostic[] {
  const result = parseRunbook(text, 'probe.yaml');
  return result.ok ? [] : result.diagnostics;
}

/** `line:col` of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const index = text.indexOf(needle);
  assert.ok(index !== -1, `${needle} not in the text`);
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

describe('with: checked against the action registry', () => {
  it('has a valid example input for every action, and each validates clean', () => {
    assert.deepEqual(Object.keys(VALID_INPUTS).sort(), ACTIONS.map((action) => action.name).sort());
    for (const [name, input] of Object.entries(VALID_INPUTS)) {
      const text = runbookWith([{ id: 'step', uses: name, with: input }]);
      assert.deepEqual(diagnosticsOf(text), [], name);
    }
  });

  for (const [name, input] of Object.entries(VALID_INPUTS)) {
    it(`${name}: a typo in a with: key is reported at the key, with the right key suggested`, () => {
      const [key, value] = Object.entries(input)[0] ?? [];
      assert.ok(key !== undefined && value !== undefined);
      const typo = `${key.slice(0, -2)}${key.slice(-1)}${key.slice(-2, -1)}`;
      const { [key]: _, ...rest } = input;
      const text = runbookWith([{ id: 'step', uses: name, with: { ...rest, [typo]: value } }]);
      const unknown = diagnosticsOf(text).filter((d) => d.message.startsWith('unknown key'));
      assert.deepEqual(
        unknown.map((d) => [`${d.line}:${d.column}`, d.code, d.message, d.hint]),
        [
          [
            positionOf(text, `${typo}:`),
            'RB2004',
            `unknown key "${typo}" in spec.steps[0].with`,
            `did you mean "${key}"?`,
          ],
        ],
      );
    });
  }

  it('accepts a ${{ }} wherever a value of another type is expected', () => {
    const text = runbookWith([
      {
        id: 'scale',
        uses: 'kubernetes.scale',
        with: { name: 'web', replicas: '${{ params.n * 2 }}' },
      },
      {
        id: 'set',
        uses: 'kubernetes.setImage',
        with: { name: 'web', containers: '${{ {"web": "nginx:" + string(params.n)} }}' },
      },
      {
        id: 'call',
        uses: 'http.request',
        with: { url: 'https://x.example', expectStatus: ['${{ 200 + params.n }}'] },
      },
    ]);
    assert.deepEqual(diagnosticsOf(text), []);
  });

  it('still reports the other problems of a with: that holds an expression', () => {
    const text = runbookWith([
      {
        id: 'scale',
        uses: 'kubernetes.scale',
        with: { name: 'web', replicas: '${{ params.n }}', namespce: 'shop' },
      },
    ]);
    assert.deepEqual(
      diagnosticsOf(text).map((d) => [d.code, d.message]),
      [['RB2004', 'unknown key "namespce" in spec.steps[0].with']],
    );
  });

  it('reports a wrong type at the value and checks a rollback’s with: too', () => {
    const text = runbookWith([
      {
        id: 'scale',
        uses: 'kubernetes.scale',
        with: { name: 'web', replicas: 3 },
        rollback: { uses: 'kubernetes.scale', with: { name: 'web', replicas: 'two' } },
      },
    ]);
    assert.deepEqual(
      diagnosticsOf(text).map((d) => [`${d.line}:${d.column}`, d.code, d.message]),
      [
        [
          positionOf(text, 'two'),
          'RB2004',
          'spec.steps[0].rollback.with.replicas must be a number, not the string "two"',
        ],
      ],
    );
  });

  it('reports a missing required key at with:, naming the key and what it takes', () => {
    const text = runbookWith([{ id: 'set', uses: 'kubernetes.setImage', with: { name: 'web' } }]);
    assert.deepEqual(
      diagnosticsOf(text).map((d) => [`${d.line}:${d.column}`, d.message, d.hint]),
      [
        [
          positionOf(text, 'with:'),
          'missing required key "containers" in spec.steps[0].with (kubernetes.setImage)',
          'add "containers:" under with: (a mapping: Container (or init container) name → new image); see docs/kubernetes.md#kubernetessetimage',
        ],
      ],
    );
  });

  it('refuses slack.* other than post and update as not available, and suggests a close name for a typo', () => {
    const text = runbookWith([
      { id: 'b', uses: 'slack.pin' },
      { id: 'c', uses: 'kubernetes.rollout_status', with: { name: 'web' } },
      { id: 'd', uses: 'toString' },
    ]);
    assert.deepEqual(
      diagnosticsOf(text).map((d) => [d.code, d.message.replace(/:.*/, ''), d.hint]),
      [
        [
          'RB2015',
          'action "slack.pin" cannot run',
          'post with slack.post, amend with slack.update; for other Web API methods use http.request',
        ],
        [
          'RB2003',
          'unknown action "kubernetes.rollout_status"',
          'did you mean "kubernetes.rolloutStatus"?',
        ],
        [
          'RB2003',
          'unknown action "toString"',
          'see docs/runbook-format.md#actions for the list of actions',
        ],
      ],
    );
  });
});
