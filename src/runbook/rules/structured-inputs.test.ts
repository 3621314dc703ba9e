// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate } from '../expressions.js';
import { parseRunbook } from '../parse.js';

function applyStep(manifest: string) {
  const text = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: m }
spec:
  params: { image: { type: string } }
  steps:
    - id: apply
      uses: kubernetes.apply
      with:
        manifest: ${JSON.stringify(manifest)}
`;
  return parseRunbook(text, 'm.yaml');
}

const ctx = (image: string) => ({
  params: { image },
  steps: {},
  run: { id: 'r', commit: 'c', triggeredBy: 't' },
});

describe('kubernetes.apply manifest: structure, not text', () => {
  it('stores the manifest as documents; a value with newlines stays one string in one document', () => {
    const result = applyStep(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: demo }\ndata:\n  image: ${{ params.image }}\n',
    );
    assert.ok(result.ok, JSON.stringify(result.diagnostics));
    const step = result.runbook.steps[0];
    assert.ok(step?.kind === 'uses');
    const hostile = 'x\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding';
    const rendered = renderTemplate(step.with, ctx(hostile)) as { manifest: unknown };
    assert.deepEqual(rendered.manifest, [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'demo' },
        data: { image: hostile },
      },
    ]);
  });

  it('keeps a manifest that is exactly one expression as text (a step produced it)', () => {
    const result = applyStep('${{ params.image }}');
    assert.ok(result.ok);
    const step = result.runbook.steps[0];
    assert.ok(step?.kind === 'uses');
    assert.equal(step.with.manifest, '${{ params.image }}');
  });

  it('refuses with RB5011 a manifest that is not YAML once read, or has an expression in a key', () => {
    for (const manifest of [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${{ params.image }}}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n  ${{ params.image }}: x\n',
      '- a\n- b\n',
      'a: [\n',
    ]) {
      const result = applyStep(manifest);
      assert.deepEqual(
        result.diagnostics.map((d) => d.code),
        ['RB5011'],
        manifest,
      );
    }
  });
});
