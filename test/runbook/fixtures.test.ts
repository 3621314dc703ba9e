// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// Every invalid fixture reports exactly these diagnostics; every real runbook validates clean;
// docs/runbook.schema.json matches the zod schema.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  formatDiagnostic,
  runbookJsonSchema,
  validateRunbookSet,
} from '../../src/runbook/index.js';
import { EMPTY_PEOPLE, parsePeople } from '../../src/runbook/people/index.js';
import { isTestFileName } from '../../src/runbook-test/parse-test-file.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const invalidDir = join(root, 'test/fixtures/invalid');

/**
 * `[where, code, message, hint?]`; `where` is `line:col`, or `file:line:col` inside a directory
 * fixture (a set of runbooks validated together, for checks across files).
 */
type Expected = [where: string, code: string, message: string, hint?: string];

const EXPECTED: Record<string, Expected[]> = {
  'alias-bomb.yaml': [
    [
      '6:8',
      'RB1007',
      'YAML aliases expand too much (more than 100 alias uses)',
      'write the repeated parts out, or use fewer anchors and aliases',
    ],
  ],
  'access-retired-keys.yaml': [
    [
      '5:13',
      'RB6005',
      '"github" is no longer accepted in spec.access: spec.access names people and groups from people.yaml',
      "write spec.access: { people: [alice], groups: [sre] } with names defined in people.yaml; Slack user groups and GitHub teams will come through their APIs, never from the voter's own claim",
    ],
  ],
  'approval-bad-on-timeout.yaml': [
    [
      '11:20',
      'RB2004',
      'spec.steps[0].with.onTimeout cannot be the string "abort"',
      'allowed: "reject", "skip", "approve"',
    ],
  ],
  'approval-escalate-nowhere.yaml': [
    [
      '10:19',
      'RB2004',
      'spec.steps[0].with.verified must be true or false, not the string "yes"',
      'write it without quotes',
    ],
    [
      '11:24',
      'RB2004',
      'spec.steps[0].with.escalateAfter: give channel, mention or both: an escalation needs somewhere to go',
    ],
  ],
  'approvals-unsatisfiable.yaml': [
    [
      '8:71',
      'RB2008',
      'approval needs 2 different approvers but only 1 person can approve (alice)',
      'lower "required" to at most 1, or add people or groups to approvers',
    ],
  ],
  'approvers-retired-keys.yaml': [
    [
      '8:42',
      'RB6005',
      '"users" is no longer accepted in spec.steps[0].with.approvers: approvers names people and groups from people.yaml',
      "write approvers: { people: [alice], groups: [sre] } with names defined in people.yaml; Slack user groups and GitHub teams will come through their APIs, never from the voter's own claim",
    ],
    [
      '8:58',
      'RB6005',
      '"slack" is no longer accepted in spec.steps[0].with.approvers: approvers names people and groups from people.yaml',
      "write approvers: { people: [alice], groups: [sre] } with names defined in people.yaml; Slack user groups and GitHub teams will come through their APIs, never from the voter's own claim",
    ],
  ],
  'bad-duration-default.yaml': [
    [
      '6:38',
      'RB2012',
      'param "wait": default "5 minutes" is not a duration',
      'invalid duration "5 minutes"; use whole numbers with units d, h, m, s, ms, e.g. "1h30m"',
    ],
  ],
  'bad-duration.yaml': [
    [
      '9:16',
      'RB1010',
      'spec.steps[0].timeout: invalid duration "1h5x"; use whole numbers with units d, h, m, s, ms, e.g. "1h30m"',
      'durations look like "30s", "5m", "1h30m", "2d" or "250ms"',
    ],
  ],
  'bad-enum-default.yaml': [
    [
      '6:58',
      'RB2012',
      'param "env": default "stagin" is not one of the allowed values',
      'did you mean "staging"? allowed: "staging", "prod"',
    ],
  ],
  'bad-on-conflict.yaml': [
    [
      '5:43',
      'RB1004',
      'spec.concurrency.onConflict cannot be the string "wait"',
      'allowed: "reject", "queue"',
    ],
  ],
  'bad-runbook-name.yaml': [
    [
      '3:19',
      'RB1004',
      'metadata.name: the string "Deploy Service" is not a valid runbook name',
      'a runbook name must use lowercase letters, digits and "-", e.g. "deploy-service"',
    ],
    [
      '7:16',
      'RB1004',
      'spec.steps[0].runbook: the string "Deploy_Service" is not a valid runbook name',
      'a runbook name must use lowercase letters, digits and "-", e.g. "deploy-service"',
    ],
  ],
  'bad-step-id.yaml': [
    [
      '6:11',
      'RB1004',
      'spec.steps[0].id: the string "Set Image" is not a valid step id',
      'a step id must start with a lowercase letter; then letters, digits, "-" or "_" (e.g. "set-image")',
    ],
  ],
  'cel-syntax.yaml': [
    ['9:31', 'RB3001', 'invalid expression "params.env ==": Unexpected token: EOF'],
  ],
  'child-cycle/': [
    [
      'verify.yaml:8:7',
      'RB2009',
      'child runbooks form a cycle: deploy → verify → deploy',
      'a runbook cannot call itself through its children; break the cycle',
    ],
  ],
  'duplicate-key.yaml': [
    [
      '8:7',
      'RB1006',
      'duplicate key: a key may appear only once in a mapping',
      'remove one of the two; YAML would otherwise silently keep the last',
    ],
  ],
  'duplicate-name/': [
    [
      'b.yaml:1:1',
      'RB2011',
      'runbook name "deploy" is also used by a.yaml',
      'metadata.name must be unique across the repository',
    ],
  ],
  'duplicate-step-id.yaml': [
    [
      '8:11',
      'RB2001',
      'duplicate step id "smoke"',
      'step ids must be unique across the whole runbook; "smoke" is first used at spec.steps[0].id',
    ],
  ],
  'expression-type-error.yaml': [
    [
      '9:32',
      'RB3006',
      'type error in expression "params.replicas + \'x\'": no such overload: int + string',
    ],
  ],
  'for-each-items-not-list.yaml': [
    ['10:16', 'RB3006', 'forEach.items must be a list, but the expression is string'],
  ],
  'github-action.yaml': [
    [
      '8:7',
      'RB2004',
      'missing required key "repository" in spec.steps[0].with (github.createRelease)',
      'add "repository:" under with: (a string: The repository as owner/name, e.g. acme/web); see docs/steps.md#githubcreaterelease',
    ],
    [
      '8:15',
      'RB2004',
      'unknown key "repo" in spec.steps[0].with',
      'allowed keys: repository, tag, target, name, body, draft, prerelease, generateNotes, makeLatest',
    ],
  ],
  'http-bad-method.yaml': [
    [
      '8:58',
      'RB2004',
      'spec.steps[0].with.method cannot be the string "FETCH"',
      'allowed: "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"',
    ],
  ],
  'invalid-pattern.yaml': [
    [
      '6:37',
      'RB2013',
      'param "image": invalid regular expression: invalid character class range: `/-+`',
      'patterns use RE2 syntax, which matches in linear time: no backreferences (\\1) and no lookahead or lookbehind ((?=…), (?<=…)); see docs/security.md#linear-time-regular-expressions',
    ],
  ],
  'later-step.yaml': [
    [
      '7:26',
      'RB3005',
      'step "second" has not run yet at this point',
      'an expression can only read steps that finish before it is evaluated (earlier steps, not later or parallel ones)',
    ],
  ],
  'missing-step-id.yaml': [
    ['6:7', 'RB1002', 'missing required key "id" in spec.steps[0]', 'add "id:" (a string)'],
  ],
  'missing-steps.yaml': [
    ['5:3', 'RB1002', 'missing required key "steps" in spec', 'add "steps:" (a list)'],
  ],
  'nesting-too-deep.yaml': [
    [
      '26:51',
      'RB1012',
      'step "level11" is nested 11 levels deep; the limit is 10',
      'flatten the structure or move the inner part into a child runbook',
    ],
    [
      '28:57',
      'RB1012',
      'step "deepest" is nested 12 levels deep; the limit is 10',
      'flatten the structure or move the inner part into a child runbook',
    ],
  ],
  'not-a-runbook.yaml': [
    [
      '1:1',
      'RB1009',
      'this file is not a runbook: expected a mapping with apiVersion, kind, metadata and spec',
      'start the file with "apiVersion: runbook-runner/v1" and "kind: Runbook"',
    ],
  ],
  'parallel-sibling.yaml': [
    [
      '11:35',
      'RB3005',
      'step "build" has not run yet at this point',
      'an expression can only read steps that finish before it is evaluated (earlier steps, not later or parallel ones)',
    ],
  ],
  'params-on-run-step.yaml': [
    ['8:7', 'RB2007', 'step "a": "params" only applies to a child runbook step (runbook:)'],
  ],
  'pattern-on-integer.yaml': [
    ['6:32', 'RB2007', 'param "replicas": "pattern" only applies to type string'],
  ],
  'rollback-on-parallel.yaml': [
    [
      '10:7',
      'RB2007',
      'step "both": a parallel step cannot have its own rollback',
      'put rollbacks on the steps inside it',
    ],
  ],
  'script-without-shell.yaml': [
    [
      '7:12',
      'RB2005',
      'step "migrate": a script string needs an explicit shell',
      'add `shell: bash`, or write the command as an argv list: run: ["./deploy.sh", "--env", "prod"]',
    ],
  ],
  'secret-default-literal.yaml': [
    [
      '6:37',
      'RB2012',
      'param "token": default must be a reference to a secret, never the secret itself',
      'write "env:NAME" (an environment variable of the worker) or "file:/path" (a mounted file)',
    ],
  ],
  'self-cycle.yaml': [
    [
      '7:16',
      'RB2009',
      'runbook "broken" calls itself',
      'a runbook cannot call itself, directly or through child runbooks',
    ],
  ],
  'several-errors.yaml': [
    [
      '1:1',
      'RB1002',
      'missing required key "metadata" in the document',
      'add "metadata:" (a mapping)',
    ],
    ['3:1', 'RB1001', 'unknown key "metdata" in the document', 'did you mean "metadata"?'],
    [
      '8:24',
      'RB1003',
      'spec.steps[0].continueOnError must be true or false, not the string "yes"',
      'write it without quotes',
    ],
  ],
  'shell-injection-block.yaml': [
    [
      '12:42',
      'RB3007',
      '${{ params.image }} inside a shell script could inject code into the shell',
      'pass it through env and quote it in the script: env: { IMAGE: "${{ params.image }}" } and use "$IMAGE" in run:',
    ],
  ],
  'shell-injection.yaml': [
    [
      '10:27',
      'RB3007',
      '${{ params.env }} inside a shell script could inject code into the shell',
      'pass it through env and quote it in the script: env: { ENV: "${{ params.env }}" } and use "$ENV" in run:',
    ],
  ],
  'shell-with-argv.yaml': [
    [
      '7:7',
      'RB2006',
      'step "migrate": "shell" applies only to a script string, but run is an argv list',
      'remove `shell:` (an argv list runs without a shell) or write run as one script string',
    ],
  ],
  'sleep-without-duration.yaml': [
    [
      '7:13',
      'RB2004',
      'sleep needs "duration" in with:, and spec.steps[0] has no with:',
      'add with: { duration: … } (a string: A duration such as "30s", "5m", "1h30m", "2d" or "250ms"); see docs/runbook-format.md#actions',
    ],
  ],
  'slack-action.yaml': [
    [
      '8:24',
      'RB2004',
      'spec.steps[0].with.channel: the string "deploys" must be a Slack channel id (C0123ABCD), #name, DM id or user id',
    ],
    [
      '8:43',
      'RB2004',
      'spec.steps[0].with.thread: the string "now" must be a Slack message ts like 1712345678.000100 (steps.<id>.outputs.ts of a slack.post)',
    ],
    [
      '10:13',
      'RB2015',
      'action "slack.pin" cannot run: the Slack actions are slack.post and slack.update; no other exists yet',
      'post with slack.post, amend with slack.update; for other Web API methods use http.request',
    ],
    [
      '14:13',
      'RB2004',
      'spec.steps[2].with: give text, blocks or both: Slack needs something to show',
    ],
  ],
  'step-without-kind.yaml': [
    [
      '6:11',
      'RB2002',
      'step "nothing" does nothing',
      'give it exactly one of: run, uses, parallel, forEach, runbook',
    ],
  ],
  'tab-indent.yaml': [['4:1', 'RB1005', 'YAML syntax error: Tabs are not allowed as indentation']],
  'timeout-too-long.yaml': [
    [
      '5:12',
      'RB2014',
      'spec.timeout: 45d is longer than the limit of 30d',
      'long waits belong in separate runs',
    ],
  ],
  'too-many-steps.yaml': [
    [
      '5:3',
      'RB1011',
      'the runbook has 501 steps; the limit is 500',
      'split it into child runbooks (a step with `runbook: <name>`)',
    ],
  ],
  'trigger-unknown-param.yaml': [
    ['9:46', 'RB3003', 'unknown param "enviroment"', 'declared params: env'],
  ],
  'two-kinds.yaml': [
    [
      '8:7',
      'RB2002',
      'step "a" has both "run" and "uses"',
      'a step does exactly one thing; split it into two steps',
    ],
  ],
  'unknown-action.yaml': [
    [
      '7:13',
      'RB2003',
      'unknown action "kubernetes.setImag"',
      'did you mean "kubernetes.setImage"?',
    ],
  ],
  'unknown-child/': [
    [
      'parent.yaml:6:7',
      'RB2010',
      'step "roll-back" calls runbook "rollback-servce", which does not exist',
      'did you mean "rollback-service"?',
    ],
  ],
  'unknown-key.yaml': [
    ['8:7', 'RB1001', 'unknown key "timout" in spec.steps[0]', 'did you mean "timeout"?'],
  ],
  'unknown-name.yaml': [
    ['7:26', 'RB3002', 'unknown name "parms" in expression "parms.x"', 'did you mean "params"?'],
  ],
  'unknown-param.yaml': [
    [
      '9:26',
      'RB3003',
      'unknown param "evn"',
      'did you mean "params.env"? Params declared in spec.params: "env"',
    ],
  ],
  'unknown-step.yaml': [
    ['9:26', 'RB3004', 'unknown step "deploi"', 'did you mean "steps.deploy"?'],
  ],
  'unsupported-shell.yaml': [
    ['7:14', 'RB1004', 'spec.steps[0].shell cannot be the string "zsh"', 'did you mean "sh"?'],
  ],
  'unterminated.yaml': [
    [
      '7:22',
      'RB3008',
      'unterminated expression: "${{" has no closing "}}"',
      'close it with "}}", e.g. "${{ params.env }}"',
    ],
  ],
  'when-not-boolean.yaml': [
    [
      '9:13',
      'RB3006',
      'step "gate": "when" must be a boolean, but the expression is string',
      'compare it to something, e.g. "${{ params.env == \'prod\' }}"',
    ],
  ],
  'when-without-braces.yaml': [
    [
      '9:13',
      'RB3006',
      'step "gate": "when" must be exactly one ${{ }} expression',
      'e.g. when: "${{ params.env == \'prod\' }}"',
    ],
  ],
  'with-missing-key.yaml': [
    [
      '8:7',
      'RB2004',
      'missing required key "containers" in spec.steps[0].with (kubernetes.setImage)',
      'add "containers:" under with: (a mapping: Container (or init container) name → new image); see docs/kubernetes.md#kubernetessetimage',
    ],
    [
      '12:15',
      'RB2004',
      'kubernetes.rolloutUndo needs "name" in with:, and spec.steps[0].rollback has no with:',
      'add with: { name: … } (a string); see docs/kubernetes.md#kubernetesrolloutundo',
    ],
  ],
  'with-on-run-step.yaml': [
    ['8:7', 'RB2007', 'step "smoke": "with" only applies to a step with "uses"'],
  ],
  'with-typo.yaml': [
    ['9:9', 'RB2004', 'unknown key "namespce" in spec.steps[0].with', 'did you mean "namespace"?'],
  ],
  'with-wrong-type.yaml': [
    [
      '13:53',
      'RB2004',
      'spec.steps[1].with.replicas must be a number, not the string "two"',
      'write it without quotes',
    ],
  ],
  'wrong-api-version.yaml': [
    [
      '1:13',
      'RB1004',
      'apiVersion cannot be the string "runbook-runner/v2"',
      'did you mean "runbook-runner/v1"?',
    ],
  ],
  'wrong-kind.yaml': [
    ['2:7', 'RB1004', 'kind cannot be the string "Workflow"', 'allowed: "Runbook"'],
  ],
  'wrong-type.yaml': [
    [
      '8:29',
      'RB1003',
      'spec.steps[0].retry.maxAttempts must be a number, not the string "3"',
      'write it without quotes',
    ],
  ],
  'yaml-syntax.yaml': [
    [
      '4:1',
      'RB1005',
      'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  ],
  'zero-retry-interval.yaml': [
    ['8:49', 'RB2014', 'spec.steps[0].retry.initialInterval: duration must be greater than zero'],
  ],
};

/** Codes with no fixture here, and where they are tested instead. */
const COVERED_ELSEWHERE: Record<string, string> = {
  RB1008: 'src/runbook/parse.test.ts (a file over 1 MiB is generated, not committed)',
};

function diagnosticsOf(name: string): Diagnostic[] {
  const path = join(invalidDir, name);
  if (!statSync(path).isDirectory()) {
    // One file as a set of one: parse errors plus the checks that need no other file.
    const text = readFileSync(path, 'utf8');
    return validateRunbookSet([{ file: name, text }]).diagnostics;
  }
  const files = readdirSync(path)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(path, file), 'utf8') }));
  return validateRunbookSet(files).diagnostics;
}

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) && !isTestFileName(name) ? [path] : [];
  });
}

describe('invalid runbook fixtures', () => {
  it('has an expectation for every fixture file and directory, and at least 40 of them', () => {
    const entries = readdirSync(invalidDir).map((name) =>
      statSync(join(invalidDir, name)).isDirectory() ? `${name}/` : name,
    );
    assert.deepEqual(entries.sort(), Object.keys(EXPECTED).sort());
    assert.ok(entries.length >= 40, `${entries.length} fixtures`);
  });

  it('covers every format code (RB1xxx to RB30xx) that a file can trigger', () => {
    const seen = new Set(Object.values(EXPECTED).flatMap((list) => list.map(([, code]) => code)));
    const missing = Object.keys(DIAGNOSTIC_CODES).filter(
      (code) => /^RB(1|2|30)/.test(code) && !seen.has(code) && !(code in COVERED_ELSEWHERE),
    );
    assert.deepEqual(missing, []);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} reports exactly its errors at line:col`, () => {
      const prefix = name.endsWith('/');
      const actual = diagnosticsOf(name.replace(/\/$/, '')).map((d): Expected => {
        const where = `${prefix ? `${d.file}:` : ''}${d.line}:${d.column}`;
        return d.hint === undefined
          ? [where, d.code, d.message]
          : [where, d.code, d.message, d.hint];
      });
      assert.deepEqual(actual, expected);
    });
  }
});

describe('valid runbooks', () => {
  // runbooks/ is one set (its runbooks may call each other); the valid fixtures are another.
  for (const dir of ['runbooks', 'test/fixtures/runbooks/valid']) {
    it(`every file under ${dir}/ validates clean, together`, () => {
      const files = yamlFilesUnder(join(root, dir));
      assert.ok(files.length > 0);
      const texts = new Map(
        files.map((path) => [path.slice(root.length), readFileSync(path, 'utf8')]),
      );
      // Each folder's people.yaml is the directory of the runbooks in it (none are nested deeper
      // than one people.yaml here).
      const people = [...texts].filter(([file]) => basename(file) === 'people.yaml');
      const directories = people.map(([file, text]) => {
        const parsed = parsePeople(text, file);
        assert.ok(parsed.ok, JSON.stringify(parsed));
        return { dir: dirname(file), directory: parsed.directory };
      });
      const runbooks = [...texts].filter(([file]) => basename(file) !== 'people.yaml');
      const result = validateRunbookSet(
        runbooks.map(([file, text]) => ({ file, text })),
        {
          people: (file) =>
            directories
              .filter(({ dir }) => file.startsWith(`${dir}/`))
              .sort((a, b) => b.dir.length - a.dir.length)[0]?.directory ?? EMPTY_PEOPLE,
        },
      );
      assert.deepEqual(
        result.diagnostics.map((d) => formatDiagnostic(d, texts.get(d.file))),
        [],
      );
      assert.equal(result.runbooks.length, runbooks.length);
      assert.equal(people.length, 1, `one people.yaml under ${dir}/`);
    });
  }
});

describe('docs/runbook.schema.json', () => {
  it('is what `runbook schema` prints (regenerate with: node bin/runbook.js schema > docs/runbook.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'docs/runbook.schema.json'), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(runbookJsonSchema())));
  });
});
