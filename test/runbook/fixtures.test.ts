// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// Every invalid fixture reports exactly these diagnostics; every real runbook validates clean;
// docs/runbook.schema.json matches the zod schema.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  formatDiagnostic,
  parseRunbook,
  runbookJsonSchema,
  validateRunbookSet,
} from '../../src/runbook/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const invalidDir = join(root, 'test/fixtures/invalid');
const validDir = join(root, 'test/fixtures/runbooks/valid');

type Expected = [code: string, line: number, column: number, message: string, hint?: string];

const EXPECTED: Record<string, Expected[]> = {
  'approvals-unsatisfiable.yaml': [
    [
      'RB2008',
      8,
      81,
      'approval needs 2 approvers but only 1 person is listed',
      'lower "required" to at most 1 or add approvers (users, groups or teams)',
    ],
  ],
  'bad-duration.yaml': [
    [
      'RB1010',
      9,
      16,
      'spec.steps[0].timeout: invalid duration "1h5x"; use whole numbers with units d, h, m, s, ms, e.g. "1h30m"',
      'durations look like "30s", "5m", "1h30m", "2d" or "250ms"',
    ],
  ],
  'bad-enum-default.yaml': [
    [
      'RB2012',
      6,
      58,
      'param "env": default "stagin" is not one of the allowed values',
      'did you mean "staging"? allowed: "staging", "prod"',
    ],
  ],
  'duplicate-key.yaml': [
    [
      'RB1006',
      8,
      7,
      'duplicate key: a key may appear only once in a mapping',
      'remove one of the two; YAML would otherwise silently keep the last',
    ],
  ],
  'duplicate-step-id.yaml': [
    [
      'RB2001',
      8,
      11,
      'duplicate step id "smoke"',
      'step ids must be unique across the whole runbook; "smoke" is first used at spec.steps[0].id',
    ],
  ],
  'later-step.yaml': [
    [
      'RB3005',
      7,
      26,
      'step "second" has not run yet at this point',
      'an expression can only read steps that finish before it is evaluated (earlier steps, not later or parallel ones)',
    ],
  ],
  'missing-steps.yaml': [
    ['RB1002', 5, 3, 'missing required key "steps" in spec', 'add "steps:" (a list)'],
  ],
  'not-a-runbook.yaml': [
    [
      'RB1009',
      1,
      1,
      'this file is not a runbook: expected a mapping with apiVersion, kind, metadata and spec',
      'start the file with "apiVersion: runbook-runner/v1" and "kind: Runbook"',
    ],
  ],
  'script-without-shell.yaml': [
    [
      'RB2005',
      7,
      12,
      'step "migrate": a script string needs an explicit shell',
      'add `shell: bash`, or write the command as an argv list: run: ["./deploy.sh", "--env", "prod"]',
    ],
  ],
  'self-cycle.yaml': [
    [
      'RB2009',
      7,
      16,
      'runbook "broken" calls itself',
      'a runbook cannot call itself, directly or through child runbooks',
    ],
  ],
  'shell-injection.yaml': [
    [
      'RB3007',
      10,
      27,
      '${{ params.env }} inside a shell script could inject code into the shell',
      'pass it through env and quote it in the script: env: { ENV: "${{ params.env }}" } and use "$ENV" in run:',
    ],
  ],
  'two-kinds.yaml': [
    [
      'RB2002',
      8,
      7,
      'step "a" has both "run" and "uses"',
      'a step does exactly one thing; split it into two steps',
    ],
  ],
  'unknown-action.yaml': [
    ['RB2003', 7, 13, 'unknown action "kubernetes.setImag"', 'did you mean "kubernetes.setImage"?'],
  ],
  'unknown-key.yaml': [
    ['RB1001', 8, 7, 'unknown key "timout" in spec.steps[0]', 'did you mean "timeout"?'],
  ],
  'unknown-name.yaml': [
    ['RB3002', 7, 26, 'unknown name "parms" in expression "parms.x"', 'did you mean "params"?'],
  ],
  'unknown-param.yaml': [
    [
      'RB3003',
      9,
      26,
      'unknown param "evn"',
      'did you mean "params.env"? Params declared in spec.params: "env"',
    ],
  ],
  'unterminated.yaml': [
    [
      'RB3008',
      7,
      22,
      'unterminated expression: "${{" has no closing "}}"',
      'close it with "}}", e.g. "${{ params.env }}"',
    ],
  ],
  'when-not-boolean.yaml': [
    [
      'RB3006',
      9,
      13,
      'step "gate": "when" must be a boolean, but the expression is string',
      `compare it to something, e.g. "\${{ params.env == 'prod' }}"`,
    ],
  ],
  'wrong-api-version.yaml': [
    [
      'RB1004',
      1,
      13,
      'apiVersion cannot be the string "runbook-runner/v2"',
      'did you mean "runbook-runner/v1"?',
    ],
  ],
  'wrong-type.yaml': [
    [
      'RB1003',
      8,
      29,
      'spec.steps[0].retry.maxAttempts must be a number, not the string "3"',
      'write it without quotes',
    ],
  ],
  'yaml-syntax.yaml': [
    [
      'RB1005',
      4,
      1,
      'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  ],
};

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('invalid runbook fixtures', () => {
  it('has an expectation for every fixture file', () => {
    assert.deepEqual(readdirSync(invalidDir).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} reports exactly its errors at file:line:col`, () => {
      const result = parseRunbook(readFileSync(join(invalidDir, name), 'utf8'), name);
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.diagnostics.map((d) =>
          d.hint === undefined
            ? [d.code, d.line, d.column, d.message]
            : [d.code, d.line, d.column, d.message, d.hint],
        ),
        expected,
      );
    });
  }
});

describe('valid runbooks', () => {
  const files = [...yamlFilesUnder(validDir), ...yamlFilesUnder(join(root, 'runbooks'))];

  it('every file under runbooks/ and the valid fixtures validates clean, together', () => {
    assert.ok(files.length > 0);
    const result = validateRunbookSet(
      files.map((path) => ({ file: path.slice(root.length), text: readFileSync(path, 'utf8') })),
    );
    const texts = new Map(
      files.map((path) => [path.slice(root.length), readFileSync(path, 'utf8')]),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => formatDiagnostic(d, texts.get(d.file))),
      [],
    );
    assert.equal(result.runbooks.length, files.length);
  });
});

describe('docs/runbook.schema.json', () => {
  it('is what `runbook schema` prints (regenerate with: node bin/runbook.js schema > docs/runbook.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'docs/runbook.schema.json'), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(runbookJsonSchema())));
  });
});
