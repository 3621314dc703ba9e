// Injection and secrets: parameters stay data, and a secret's value never enters history.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import {
  definitionFrom,
  executeRun,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

/**
 * The history as text with every payload decoded: payload bytes arrive base64-encoded (or as byte
 * arrays), so searching the raw form would find nothing whatever it held.
 */
function historyText(history: unknown): string {
  const decoder = new TextDecoder();
  return JSON.stringify(history, (key, value: unknown) => {
    if (value instanceof Uint8Array) return decoder.decode(value);
    if (key === 'data' && typeof value === 'string') {
      return Buffer.from(value, 'base64').toString('utf8');
    }
    return value;
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('shell metacharacters in a parameter reach the program as one literal argv element and run nothing', async () => {
  const marker = join(tmpdir(), `pwned-${randomBytes(6).toString('hex')}`);
  const params = {
    p: `x; touch ${marker}-semicolon`,
    q: `$(touch ${marker}-subst)`,
    r: `\`touch ${marker}-backtick\` && touch ${marker}-and`,
  };
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: injection }
spec:
  params:
    p: { type: string }
    q: { type: string }
    r: { type: string }
  steps:
    - id: argv
      run:
        - node
        - -e
        - 'require("fs").writeFileSync("argv.json", JSON.stringify(process.argv.slice(1)))'
        - \${{ params.p }}
        - \${{ params.q }}
        - \${{ params.r }}
    - id: viaEnv
      shell: sh
      run: printf '%s|%s|%s' "$P" "$Q" "$R" > env.txt
      env: { P: "\${{ params.p }}", Q: "\${{ params.q }}", R: "\${{ params.r }}" }
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('injection'),
    runInput(definition, h.dir, params),
  );
  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(JSON.parse(readFileSync(join(h.dir, 'argv.json'), 'utf8')), [
    params.p,
    params.q,
    params.r,
  ]);
  assert.equal(readFileSync(join(h.dir, 'env.txt'), 'utf8'), `${params.p}|${params.q}|${params.r}`);
  for (const suffix of ['semicolon', 'subst', 'backtick', 'and']) {
    assert.ok(!existsSync(`${marker}-${suffix}`), `${marker}-${suffix} was created`);
  }
});

test('a secret param reaches the step but its value appears nowhere in history, failures and logs included', async () => {
  const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
  process.env.RB_TEST_SECRET = secret;
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: secretive }
spec:
  params:
    token: { type: secret, default: "env:RB_TEST_SECRET" }
  steps:
    - id: use
      shell: sh
      run: |
        printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1 > token.sha256
        echo "token is $TOKEN"
        if [ ! -f attempted ]; then touch attempted; echo "first try failed with $TOKEN" >&2; exit 1; fi
        echo "echoed=$TOKEN" >> "$RUNBOOK_OUTPUT"
      env: { TOKEN: "\${{ params.token }}" }
      retry: { maxAttempts: 2, initialInterval: 1s }
      rollback:
        shell: sh
        run: |
          printf '%s' "$TOKEN" > rollback-saw
          echo "undoing with $TOKEN"
        env: { TOKEN: "\${{ params.token }}" }
    - id: give-up
      shell: sh
      run: |
        echo "giving up, token $TOKEN" >&2
        exit 3
      env: { TOKEN: "\${{ params.token }}" }
`);
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('secret'),
      args: [runInput(definition, h.dir)],
    });
    const result = resultOf(await rejectionOf(handle.result()));
    assert.equal(result.status, 'RolledBack');
    assert.equal(result.failure?.step, 'give-up');

    // The steps did get the value.
    const digest = createHash('sha256').update(secret).digest('hex');
    assert.equal(readFileSync(join(h.dir, 'token.sha256'), 'utf8').trim(), digest);
    assert.equal(readFileSync(join(h.dir, 'rollback-saw'), 'utf8'), secret);

    const text = historyText(await handle.fetchHistory());
    // The decoded history does hold what the steps printed around the secret, redacted.
    assert.match(text, /token is \*\*\*/);
    // (The first attempt's failure of `use` is retried away; the time-skipping server keeps no
    // copy of it. The final failure of `give-up` is in history, as the activity's and the run's.)
    assert.match(text, /giving up, token \*\*\*/);
    assert.ok(!text.includes(secret), 'the secret value is in the history');
    assert.ok(!JSON.stringify(result).includes(secret), 'the secret value is in the run result');
  });
  for (const file of filesUnder(join(h.dir, 'logs'))) {
    assert.ok(!readFileSync(file, 'utf8').includes(secret), `the secret value is in ${file}`);
  }
});

test('in a workflow task, matches() runs on RE2 and an expression past its budget fails the step with RB3104', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: bounded }
spec:
  params:
    x: { type: string }
    n: { type: integer, default: 999 }
  steps:
    - id: regex
      when: "\${{ params.x.matches('^(a+)+$') }}"
      run: ["false"]
    - id: nested
      when: "\${{ [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(i, params.x.size()).all(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(i, params.x.size()).all(b, params.x.split('').all(c, c == 'a' || c == '!'))) }}"
      run: ["true"]
`);
  const h = await startTestWorker(temporal.env);
  const input = runInput(definition, h.dir, { x: `${'a'.repeat(5000)}!` });
  const result = resultOf(await rejectionOf(executeRun(temporal.env, h, runId('bounded'), input)));
  // The regex step was skipped (no match, decided in linear time); the nested one hit the budget.
  assert.equal(result.status, 'Failed');
  assert.match(
    result.failure?.reason ?? '',
    /^expression ".*" was stopped: it needs more than 100000 evaluation steps/,
  );
  assert.equal(result.progress.steps.find((step) => step.id === 'regex')?.status, 'Skipped');
});
