// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS } from './actions/index.js';
import { runbookJsonSchema } from './json-schema.js';
import { keysAt } from './schema-issues.js';

type Node = Record<string, unknown>;

const schema = runbookJsonSchema();
const defs = schema.$defs as Record<string, Node>;

describe('runbookJsonSchema', () => {
  for (const id of ['Step', 'RollbackStep']) {
    it(`${id}: with: follows uses, one if/then per available action`, () => {
      const step = defs[id] as Node;
      const rules = step.allOf as Array<{ if: Node; then: Node }>;
      const available = ACTIONS.filter((action) => action.available === true);
      assert.deepEqual(
        rules.map((rule) => (rule.if.properties as Record<string, Node>).uses?.const),
        available.map((action) => action.name),
      );
      for (const rule of rules) {
        const name = (rule.if.properties as Record<string, Node>).uses?.const as string;
        assert.deepEqual(rule.then, {
          properties: { with: { $ref: `#/$defs/with:${name}` } },
        });
      }
      const uses = (step.properties as Record<string, Node>).uses as Node;
      assert.deepEqual(
        uses.enum,
        available.map((action) => action.name),
      );
    });
  }

  it('gives each action’s with: exactly the keys of its zod schema, and no others', () => {
    for (const action of ACTIONS) {
      const input = defs[`with:${action.name}`] as Node;
      assert.deepEqual(
        Object.keys(input.properties as Node).sort(),
        keysAt(action.input, []).sort(),
        action.name,
      );
      assert.equal(input.additionalProperties, false, action.name);
    }
  });

  it('lets a ${{ }} stand for a non-string value, and keeps the field’s description', () => {
    const scale = (defs['with:kubernetes.scale'] as Node).properties as Record<string, Node>;
    assert.deepEqual(scale.replicas?.anyOf, [
      { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      { $ref: '#/$defs/Expression' },
    ]);
    const http = (defs['with:http.request'] as Node).properties as Record<string, Node>;
    assert.equal(http.url?.type, 'string');
    assert.equal(http.method?.description, 'GET when absent.');
    assert.ok(Array.isArray(http.method?.anyOf));
  });

  it('resolves every $ref inside the document', () => {
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice('"$ref":"#/$defs/'.length, -1);
      assert.ok(ref.startsWith('"$ref":"#/$defs/') && target in defs, ref);
    }
  });
});
