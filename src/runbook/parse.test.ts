// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDiagnostic } from './diagnostics.js';
import { parseRunbook } from './parse.js';

const header = 'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: demo }\nspec:\n';

describe('parseRunbook', () => {
  it('normalizes durations to ms and applies defaults', () => {
    const result = parseRunbook(
      `${header}  timeout: 1h
  steps:
    - id: smoke
      run: ["./smoke.sh"]
      retry: { initialInterval: 10s }
      timeout: 5m
    - id: each
      forEach:
        items: [a, b]
        steps:
          - id: touch
            run: ["touch", "\${{ item }}"]
`,
      'demo.yaml',
    );
    assert.ok(result.ok, JSON.stringify(result.diagnostics));
    const [smoke, each] = result.runbook.steps;
    assert.equal(result.runbook.apiVersion, 'runbook-runner/v1');
    assert.equal(result.runbook.timeoutMs, 3_600_000);
    assert.deepEqual(smoke, {
      id: 'smoke',
      retry: { maxAttempts: 3, initialIntervalMs: 10_000, backoff: 2 },
      timeoutMs: 300_000,
      continueOnError: false,
      env: {},
      source: { file: 'demo.yaml', line: 7, column: 7 },
      outputs: {},
      kind: 'run',
      command: { argv: ['./smoke.sh'] },
    });
    assert.equal(each?.kind, 'forEach');
    if (each?.kind === 'forEach') {
      assert.equal(each.as, 'item');
      assert.equal(each.maxConcurrency, 4);
      assert.equal(each.steps[0]?.source.line, 15);
    }
  });

  it('produces a definition that survives a JSON round trip unchanged', () => {
    const result = parseRunbook(
      `${header}  steps:\n    - id: a\n      shell: bash\n      run: echo "$X"\n      env: { X: 1 }\n`,
      'a.yaml',
    );
    assert.ok(result.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(result.runbook)), result.runbook);
    assert.deepEqual(result.runbook.steps[0]?.env, { X: '1' });
  });

  it('reports every error in the file, not only the first', () => {
    const result = parseRunbook(
      `${header}  steps:\n    - id: a\n      uses: sleeep\n    - id: b\n      run: [echo, "\${{ params.nope }}"]\n`,
      'x.yaml',
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.line, d.column]),
      [
        ['RB2003', 7, 13],
        ['RB3003', 9, 24],
      ],
    );
  });

  it('lets argv elements hold expressions, one element each', () => {
    const result = parseRunbook(
      `${header}  params: { env: { type: string } }\n  steps:\n    - id: a\n      run: ["deploy", "--env", "\${{ params.env }} now"]\n`,
      'x.yaml',
    );
    assert.ok(result.ok);
    assert.deepEqual(result.runbook.steps[0]?.kind === 'run' && result.runbook.steps[0].command, {
      argv: ['deploy', '--env', '${{ params.env }} now'],
    });
  });

  it('refuses alias bombs without expanding them', () => {
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
    const result = parseRunbook(bomb, 'bomb.yaml');
    assert.equal(result.ok, false);
    assert.equal(result.diagnostics[0]?.code, 'RB1007');
  });

  it('refuses files over 1 MiB', () => {
    const result = parseRunbook(`${header}# ${'x'.repeat(1024 * 1024)}\n`, 'big.yaml');
    assert.equal(result.diagnostics[0]?.code, 'RB1008');
  });

  it('refuses more than 500 steps and nesting deeper than 10', () => {
    const many = Array.from({ length: 501 }, (_, i) => `    - { id: s${i}, run: ["true"] }`).join(
      '\n',
    );
    assert.equal(
      parseRunbook(`${header}  steps:\n${many}\n`, 'x.yaml').diagnostics[0]?.code,
      'RB1011',
    );
    let nested = '{ id: leaf, run: ["true"] }';
    for (let i = 0; i < 11; i++) nested = `{ id: p${i}, parallel: [${nested}] }`;
    const deep = parseRunbook(`${header}  steps: [${nested}]\n`, 'x.yaml');
    assert.deepEqual([...new Set(deep.diagnostics.map((d) => d.code))], ['RB1012']);
  });

  it('formats a diagnostic as file:line:col, a code frame with a caret, and a hint', () => {
    const text = `${header}  steps:\n    - id: a\n      run: ["true"]\n      timout: 5m\n`;
    const result = parseRunbook(text, 'runbooks/a.yaml');
    const [first] = result.diagnostics;
    assert.ok(first);
    assert.equal(
      formatDiagnostic(first, text),
      [
        'runbooks/a.yaml:8:7: error: unknown key "timout" in spec.steps[0] [RB1001]',
        '  8 |       timout: 5m',
        '    |       ^^^^^^',
        '  hint: did you mean "timeout"?',
      ].join('\n'),
    );
  });
});
