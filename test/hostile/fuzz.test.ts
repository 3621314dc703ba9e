// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// A property test over parse → validate → resolve params → plan: whatever the runbook text and
// params, the in-process CLI path reports codes or a plan and never throws (the CLI's exit 70).
// 5,000 cases per run; the seed is printed by fast-check when a case fails, to replay it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runCase } from './run-case.js';

const fragments = [
  '${{ params.v }}',
  '${{ params.n + 1 }}',
  '${{ steps.a.outputs.x }}',
  "${{ params.v.matches('^(a+)+$') }}",
  '${{ [1,2].map(x, x * 2) }}',
  '${{ item }}',
  '${{',
  '}}',
  'bash',
  '-c',
  'sh',
  'env',
  'sudo',
  'python3',
  '-e',
  'A=B',
  'PATH',
  'LD_PRELOAD',
  '\n---\n',
  '\u001b[2J',
  '\u202e',
  '!!binary',
  '&a',
  '*a',
  '{',
  ':',
  '- ',
  'constructor',
  '__proto__',
];

const text = fc.oneof(
  fc.constantFrom(...fragments),
  fc.string({ maxLength: 12 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 4 }).map((parts) => parts.join(' ')),
);

const paramSpec = fc.record(
  {
    type: fc.constantFrom('string', 'integer', 'boolean', 'duration', 'secret', 'other'),
    default: fc.oneof(text, fc.integer(), fc.boolean()),
    enum: fc.array(text, { minLength: 1, maxLength: 3 }),
    pattern: fc.oneof(fc.constantFrom('^[a-z]+$', '^(a+)+$', '(a)\\1', '(?=x)', '['), text),
  },
  { requiredKeys: ['type'] },
);

const leaf = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'b', 'c', 'deploy', 'toString'), fc.string({ maxLength: 8 })),
    run: fc.oneof(fc.array(text, { minLength: 1, maxLength: 5 }), text),
    shell: fc.constantFrom('bash', 'sh', 'zsh'),
    uses: fc.constantFrom('sleep', 'http.request', 'kubernetes.apply', 'approval', 'nope'),
    with: fc.dictionary(fc.constantFrom('manifest', 'url', 'duration', 'headers', 'message'), text),
    env: fc.dictionary(text, fc.oneof(text, fc.integer())),
    when: text,
    timeout: fc.constantFrom('5m', '31d', '0s', 'x'),
    outputs: fc.dictionary(fc.string({ maxLength: 5 }), text),
  },
  { requiredKeys: ['id'] },
);

const step = fc.letrec((tie) => ({
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ id: fc.constantFrom('p', 'q'), parallel: fc.array(tie('step'), { maxLength: 3 }) }),
    fc.record({
      id: fc.constantFrom('f', 'g'),
      forEach: fc.record({
        items: fc.oneof(text, fc.array(text, { maxLength: 3 })),
        as: fc.constantFrom('item', 'x', 'constructor'),
        steps: fc.array(tie('step'), { minLength: 1, maxLength: 2 }),
      }),
    }),
  ),
})).step;

const document = fc.record({
  apiVersion: fc.constantFrom('runbook-runner/v1', 'v2'),
  kind: fc.constant('Runbook'),
  metadata: fc.record({ name: fc.constantFrom('fuzz', 'Fuzz', '') }),
  spec: fc.record(
    {
      params: fc.dictionary(
        fc.constantFrom('v', 'n', 'toString', 'constructor', '__proto__'),
        paramSpec,
      ),
      steps: fc.array(step, { minLength: 1, maxLength: 4 }),
      onFailure: fc.array(step, { maxLength: 2 }),
    },
    { requiredKeys: ['steps'] },
  ),
});

/** Plain objects as Maps (own keys only), so that keys like `toString` stringify as data. */
function toMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toMaps);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([key, element]) => [key, toMaps(element)]));
  }
  return value;
}

/** The document as YAML, sometimes with a few characters inserted or removed at random places. */
const runbookText = fc
  .tuple(
    document,
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('', ':', '{', '"', "'", '\t', '&x ', '*x', '\n- ', '${{')),
      { maxLength: 3 },
    ),
  )
  .map(([doc, edits]) => {
    let out = stringify(toMaps(doc));
    for (const [at, insert] of edits) {
      const i = at % (out.length + 1);
      out = `${out.slice(0, i)}${insert}${out.slice(i + (insert === '' ? 1 : 0))}`;
    }
    return out;
  });

const params = fc.dictionary(
  fc.constantFrom('v', 'n', 'toString', 'constructor', '__proto__', 'unknown'),
  fc.oneof(text, fc.constantFrom('1', '-1', '1e400', 'true', '5m', 'env:X', 'file:/etc/shadow')),
);

describe('parse → validate → plan never crashes', () => {
  it('holds for 5,000 generated runbooks and params', () => {
    fc.assert(
      fc.property(runbookText, params, (yaml, given) => {
        const outcome = runCase(yaml, given);
        assert.ok(Array.isArray(outcome.codes));
      }),
      { numRuns: 5000 },
    );
  });
});
