// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// Property tests: whatever text parseRunbook is given, it returns a definition or positioned
// diagnostics. It never throws and never hangs (each property runs under a test timeout).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, type Node, parseDocument, stringify } from 'yaml';
import { parseRunbook } from './parse.js';

const VALID = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy-service, description: "Roll out a new image", owners: ["@platform"] }
spec:
  params:
    service: { type: string, enum: [api, web] }
    image: { type: string, pattern: '^[\\w./-]+:[\\w.-]+$' }
    env: { type: string, enum: [staging, prod], default: staging }
    replicas: { type: integer, default: 2 }
    token: { type: secret, default: "env:DEPLOY_TOKEN" }
  concurrency: { key: "\${{ params.service }}-\${{ params.env }}", onConflict: reject }
  triggers:
    github: { onMerge: { branches: [main], paths: ["deploy/**"], params: { env: prod } } }
  timeout: 2h
  steps:
    - id: approve
      when: "\${{ params.env == 'prod' }}"
      uses: approval
      with: { message: "Deploy?", approvers: { groups: [sre] }, required: 1, timeout: 4h }
    - id: set-image
      uses: kubernetes.setImage
      with: { namespace: "\${{ params.service }}", name: api, containers: { app: "\${{ params.image }}" } }
    - id: both
      parallel:
        - { id: smoke, run: ["./smoke.sh", "\${{ params.env }}"], timeout: 5m }
        - id: migrate
          shell: bash
          run: |
            ./migrate --to "$TARGET"
          env: { TARGET: "\${{ params.env }}" }
          outputs: { version: "\${{ steps.migrate.outputs.version }}" }
    - id: each
      forEach:
        items: [a, b]
        as: shard
        steps:
          - { id: warm, run: ["./warm.sh", "\${{ shard }}"], retry: { maxAttempts: 2, initialInterval: 1s } }
    - id: child
      runbook: notify
      params: { text: "done \${{ steps.smoke.status }}" }
  onFailure:
    - { id: tell, uses: http.request, with: { url: "https://hooks.example.com/deploys", method: POST, body: { text: "\${{ failure.step }}" } } }
`;

/** Every diagnostic points at a real place in the text: line ≥ 1, column ≥ 1, both in range. */
function assertWellFormed(text: string): void {
  const result = parseRunbook(text, 'prop.yaml');
  if (result.ok) {
    assert.equal(result.runbook.apiVersion, 'runbook-runner/v1');
    assert.ok(result.runbook.steps.length > 0);
    return;
  }
  assert.ok(result.diagnostics.length > 0, 'a failed parse reports at least one diagnostic');
  const lines = text.split('\n');
  for (const d of result.diagnostics) {
    assert.match(d.code, /^RB\d{4}$/);
    assert.ok(Number.isInteger(d.line) && d.line >= 1, `line ${d.line}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 1, `column ${d.column}`);
    assert.ok(d.line <= lines.length, `line ${d.line} of ${lines.length}`);
    const line = lines[d.line - 1] ?? '';
    assert.ok(d.column <= line.length + 1, `column ${d.column} on a line of ${line.length}`);
    assert.equal(typeof d.message, 'string');
    assert.ok(d.message.length > 0);
  }
}

const RUNS = { numRuns: 300 } as const;
const TIMEOUT = { timeout: 30_000 } as const;

/** Pieces of YAML and of runbooks, to build text that is almost a runbook. */
const FRAGMENTS = [
  'apiVersion: runbook-runner/v1\n',
  'kind: Runbook\n',
  'metadata: { name: x }\n',
  'spec:\n',
  '  steps:\n',
  '    - id: a\n',
  '      run: ["true"]\n',
  '      shell: bash\n',
  '      uses: sleep\n',
  '      with: { duration: 5m }\n',
  '      when: "${{ params.x }}"\n',
  '      parallel:\n',
  '      timeout: 1h\n',
  '  params: { x: { type: string } }\n',
  '${{',
  '}}',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!custom ',
  '---\n',
  '...\n',
  '? ',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '|\n',
  '>-\n',
  '#',
  '\t',
  '  ',
  '\n',
  '\r\n',
  '%YAML 1.2\n',
  '\uFEFF',
  '💥',
];

/** The path of every node of a YAML document, to mutate one. */
function paths(node: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined) out.push(...paths(pair.value, [...prefix, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      out.push(...paths(item, [...prefix, i]));
    });
  }
  return out;
}

const BASE_PATHS = paths(parseDocument(VALID).contents).filter((p) => p.length > 0);

type Mutation =
  | { op: 'delete'; path: number }
  | { op: 'set'; path: number; value: unknown }
  | { op: 'rename'; path: number; key: string }
  | { op: 'duplicateLine'; line: number }
  | { op: 'deleteLine'; line: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({
    op: fc.constant('set' as const),
    path: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('${{', '${{ steps.later.outputs.x }}', '1h5x', 'none', '', 'kubernetes.x'),
    ),
  }),
  fc.record({
    op: fc.constant('rename' as const),
    path: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('timout', 'id', 'run', 'uses')),
  }),
  fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('deleteLine' as const), line: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function mutate(text: string, m: Mutation): string {
  switch (m.op) {
    case 'delete':
    case 'set':
    case 'rename': {
      const doc = parseDocument(text);
      // A document with errors cannot be written back; leave such text to the text mutations.
      if (doc.errors.length > 0) return text;
      const live = paths(doc.contents).filter((p) => p.length > 0);
      if (live.length === 0) return text;
      const path = pick(live, m.path);
      if (m.op === 'delete') doc.deleteIn(path);
      else if (m.op === 'set') doc.setIn(path, doc.createNode(m.value) as Node);
      else {
        const value = doc.getIn(path, true);
        doc.deleteIn(path);
        const parent = path.slice(0, -1);
        const container = parent.length === 0 ? doc.contents : doc.getIn(parent, true);
        if (isMap(container)) container.set(m.key, value);
        else if (isSeq(container)) container.items.push(doc.createNode({ [m.key]: value }));
      }
      // The yaml library only notices some broken text (an alias whose anchor is missing) when
      // it writes the document back; such text is left to the text mutations as well.
      try {
        return doc.toString();
      } catch {
        return text;
      }
    }
    case 'duplicateLine':
    case 'deleteLine': {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i] ?? '');
      else lines.splice(i, 1);
      return lines.join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    default: {
      const never: never = m;
      throw new Error(`unhandled mutation ${JSON.stringify(never)}`);
    }
  }
}

describe('parseRunbook on arbitrary input', () => {
  it('accepts the unmutated base runbook', () => {
    const result = parseRunbook(VALID, 'base.yaml');
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.ok);
    assert.ok(BASE_PATHS.length > 50);
  });

  it('gives positioned diagnostics for a merge key whose anchor is never set', () => {
    // Found by the mutation property below (seed 1750387871): `<<: *a` at the top of the file.
    assertWellFormed(`<<: *a\n${VALID}`);
    const result = parseRunbook(`<<: *a\n${VALID}`, 'alias.yaml');
    assert.equal(result.ok, false);
  });

  it('returns a definition or positioned diagnostics for random strings', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assertWellFormed(text);
      }),
      RUNS,
    );
  });

  it('returns a definition or positioned diagnostics for YAML-ish token soup', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (pieces) => {
        assertWellFormed(pieces.join(''));
      }),
      RUNS,
    );
  });

  it(
    'returns a definition or positioned diagnostics for random JSON written as YAML',
    TIMEOUT,
    () => {
      const runbookish = fc.record(
        {
          apiVersion: fc.oneof(fc.constant('runbook-runner/v1'), fc.jsonValue({ maxDepth: 1 })),
          kind: fc.oneof(fc.constant('Runbook'), fc.string()),
          metadata: fc.oneof(fc.record({ name: fc.string() }), fc.jsonValue({ maxDepth: 2 })),
          spec: fc.jsonValue({ maxDepth: 4 }),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), runbookish), (value) => {
          assertWellFormed(stringify(value));
          assertWellFormed(JSON.stringify(value) ?? '');
        }),
        RUNS,
      );
    },
  );

  it(
    'returns a definition or positioned diagnostics for mutations of a valid runbook',
    TIMEOUT,
    () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const text = mutations.reduce(mutate, VALID);
          assertWellFormed(text);
        }),
        RUNS,
      );
    },
  );
});
