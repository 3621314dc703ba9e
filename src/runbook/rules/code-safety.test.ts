// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from '../parse.js';

/** Diagnostics of a runbook whose first step is `step` (YAML flow text after `- id: s`). */
function check(step: string, extra = ''): Array<[string, string]> {
  const text = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: t }
spec:
  params:
    v: { type: string, default: x }
    tool: { type: string, enum: [kubectl, bash], default: kubectl }
    safe: { type: string, enum: [kubectl, helm], default: kubectl }
  steps:
    - id: s
      ${step}
${extra}`;
  const result = parseRunbook(text, 't.yaml');
  return result.diagnostics.map((d) => [d.code, `${d.line}:${d.column}`]);
}

const V = '"${{ params.v }}"';

describe('code stays code: argv', () => {
  const refused: Array<[string, string]> = [
    ['argv[0] from a param', `run: [${V}]`],
    ['argv[0] partly from a param', 'run: ["./scripts/${{ params.v }}.sh"]'],
    ['bash -c script', `run: [bash, -c, ${V}]`],
    ['bash -c script with text around', 'run: [bash, -c, "echo ${{ params.v }}"]'],
    ['sh -ec bundled flags', `run: [sh, -ec, ${V}]`],
    ['zsh script file', `run: [zsh, ${V}]`],
    ['dash -c', `run: [dash, -c, ${V}]`],
    ['ksh -c', `run: [ksh, -c, ${V}]`],
    ['/bin/bash by path', `run: [/bin/bash, -c, ${V}]`],
    ['python -c', `run: [python, -c, ${V}]`],
    ['python3 -c attached', 'run: [python3, "-cprint(${{ params.v }})"]'],
    ['python3.12 -m module', `run: [python3.12, -m, ${V}]`],
    ['node -e', `run: [node, -e, ${V}]`],
    ['node --eval=', 'run: [node, "--eval=${{ params.v }}"]'],
    ['node -p', `run: [node, -p, ${V}]`],
    ['node --require', `run: [node, --require, ${V}, app.js]`],
    ['perl -e', `run: [perl, -e, ${V}]`],
    ['perl -E', `run: [perl, -E, ${V}]`],
    ['perl -lne bundle', `run: [perl, -lne, ${V}, file]`],
    ['perl -M attached', 'run: [perl, "-M${{ params.v }}", -e, "1"]'],
    ['ruby -e', `run: [ruby, -e, ${V}]`],
    ['pwsh -c', `run: [pwsh, -c, ${V}]`],
    ['powershell -Command, later words too', `run: [powershell, -Command, Write-Host, ${V}]`],
    ['env … sh -c', `run: [env, -i, A=1, sh, -c, ${V}]`],
    ['env -S', `run: [env, -S, ${V}]`],
    ['env PATH= from a param', 'run: [env, "PATH=${{ params.v }}", ls]'],
    ['env then program from a param', `run: [env, -u, HOME, ${V}]`],
    ['sudo bash -c', `run: [sudo, -u, root, bash, -c, ${V}]`],
    ['sudo -s joins a shell line', `run: [sudo, -s, echo, ${V}]`],
    ['nice -n 5 program', `run: [nice, -n, "5", ${V}]`],
    ['timeout 5s python -c', `run: [timeout, -s, KILL, 5s, python3, -c, ${V}]`],
    ['nohup sh -c', `run: [nohup, sh, -c, ${V}]`],
    ['xargs program', `run: [xargs, -n, "1", ${V}]`],
    ['xargs sh -c', `run: [xargs, -I, "{}", sh, -c, ${V}]`],
    ['find -exec sh -c', `run: [find, ., -exec, sh, -c, ${V}, ";"]`],
    ['find -execdir program', `run: [find, ., -execdir, ${V}, "{}", "+"]`],
    ['ssh remote command', `run: [ssh, -p, "22", host, ${V}]`],
    ['ssh remote command with text', 'run: [ssh, host, "ls ${{ params.v }}"]'],
    ['kubectl exec -- sh -c', `run: [kubectl, exec, pod, --, sh, -c, ${V}]`],
    ['watch joins a shell line', `run: [watch, -n, "5", ls, ${V}]`],
    ['flock -c', `run: [flock, /tmp/l, -c, ${V}]`],
    ['su -c', `run: [su, root, -c, ${V}]`],
    ['git -c config', 'run: [git, -c, "core.sshCommand=${{ params.v }}", fetch]'],
    ['git --upload-pack=', 'run: [git, clone, "--upload-pack=${{ params.v }}", repo]'],
    ['awk program', `run: [awk, ${V}, file]`],
    ['sed script', `run: [sed, -e, ${V}, file]`],
    ['jq filter', `run: [jq, ${V}, file.json]`],
    ['an option of bash from a param', `run: [bash, ${V}, -c, "echo hi"]`],
    ['enum whose values include bash, then its script', `run: ["\${{ params.tool }}", -c, ${V}]`],
  ];
  for (const [title, step] of refused) {
    it(`refuses ${title}`, () => {
      const codes = check(step).map(([code]) => code);
      assert.ok(
        codes.some((code) => code === 'RB5001' || code === 'RB5002' || code === 'RB5004'),
        `${step} → ${JSON.stringify(codes)}`,
      );
    });
  }

  const allowed: Array<[string, string]> = [
    ['a param as a plain argument', `run: [curl, --fail, ${V}]`],
    ['sh -c with the value as "$1"', `run: [sh, -c, 'echo "$1"', sh, ${V}]`],
    ['python -c with the value in sys.argv', `run: [python3, -c, 'import sys', ${V}]`],
    ['node -e with the value in process.argv', `run: [node, -e, 'console.log(1)', ${V}]`],
    ['an enum param as argv[0]', 'run: ["${{ params.safe }}", get, pods]'],
    ['ssh with the host from a param', `run: [ssh, ${V}, uptime]`],
    ['timeout with its duration from a param', `run: [timeout, ${V}, ls]`],
    ['python -W value from a param', `run: [python3, -W, ${V}, script.py]`],
    ['jq --arg value', `run: [jq, --arg, v, ${V}, '.a == $v', file.json]`],
    ['find with a param as a path', `run: [find, ${V}, -name, "*.log"]`],
    ['env with a plain variable from a param', 'run: [env, "TARGET=${{ params.v }}", ./deploy.sh]'],
  ];
  for (const [title, step] of allowed) {
    it(`allows ${title}`, () => {
      assert.deepEqual(check(step), []);
    });
  }

  it('points at the expression inside the argument', () => {
    assert.deepEqual(check('run: [bash, -c, "echo ${{ params.v }}"]'), [['RB5002', '11:29']]);
  });

  it('applies to rollbacks and onFailure steps', () => {
    const codes = check(
      `run: ["true"]\n      rollback: { run: [bash, -c, ${V}] }`,
      `  onFailure:\n    - id: f\n      run: [${V}]\n`,
    );
    assert.deepEqual(
      codes.map(([code]) => code),
      ['RB5002', 'RB5001'],
    );
  });

  it('applies to steps nested in parallel and forEach', () => {
    const codes = check(
      `parallel:\n        - id: p\n          forEach:\n            items: [a]\n            steps:\n              - id: q\n                run: [node, -e, ${V}]`,
    );
    assert.deepEqual(
      codes.map(([code]) => code),
      ['RB5002'],
    );
  });
});

describe('code stays code: env', () => {
  it('refuses names that are not [A-Z_][A-Z0-9_]*', () => {
    for (const name of ['"A=B"', '""', 'lower', '"1ABC"', '"A-B"', '"A B"']) {
      const codes = check(`run: ["true"]\n      env: { ${name}: x }`);
      assert.deepEqual(
        codes.map(([code]) => code),
        ['RB5003'],
        name,
      );
    }
  });

  it('refuses start-up variables set from an expression', () => {
    for (const name of [
      'BASH_ENV',
      'ENV',
      'LD_PRELOAD',
      'LD_LIBRARY_PATH',
      'DYLD_INSERT_LIBRARIES',
      'NODE_OPTIONS',
      'PYTHONSTARTUP',
      'PYTHONPATH',
      'PERL5OPT',
      'PERL5LIB',
      'RUBYOPT',
      'IFS',
      'PATH',
      'SHELLOPTS',
      'PS4',
      'PROMPT_COMMAND',
      'GIT_SSH_COMMAND',
      'GIT_CONFIG_VALUE_0',
      'RUNBOOK_OUTPUT',
      'KUBECONFIG',
    ]) {
      const codes = check(`run: ["true"]\n      env: { ${name}: ${V} }`);
      assert.deepEqual(
        codes.map(([code]) => code),
        ['RB5004'],
        name,
      );
    }
  });

  it('allows start-up variables with fixed values and plain names from expressions', () => {
    assert.deepEqual(check(`run: ["true"]\n      env: { PATH: /usr/bin, TARGET: ${V} }`), []);
  });
});
