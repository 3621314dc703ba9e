// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * The hostile-input corpus: every reproduction of issue 10 and more, each with the one code it
 * must end in (`null`: it must plan cleanly, and `check` says what must hold of the output).
 * Run by corpus.test.ts (assertions) and bench/hostile.ts (time and memory figures).
 */

export interface HostileCase {
  readonly name: string;
  /** From the issue's reproductions. */
  readonly issue?: true;
  readonly yaml: string;
  readonly params?: Readonly<Record<string, string>>;
  /** The only code reported, or null when the input must be accepted. */
  readonly code: string | null;
  /** Extra facts about the printed output. */
  readonly check?: (output: string) => string | undefined;
}

const HEAD = 'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: hostile }\nspec:\n';

/** A runbook with `params` (flow mapping text) and one step (YAML lines after `- id: s`). */
export function runbook(params: string, step: string, extra = ''): string {
  return `${HEAD}  params: { ${params} }\n  steps:\n    - id: s\n${step
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')}\n${extra}`;
}

const V = 'v: { type: string, default: x }';
const step = (run: string) => runbook(V, `run: ${run}`);
const env = (entries: string) => runbook(V, `run: ["true"]\nenv: { ${entries} }`);
const when = (expression: string, params = V) =>
  runbook(params, `when: "\${{ ${expression} }}"\nrun: ["true"]`);
const hundredThousand = 'a'.repeat(100_000);

const lacks = (needle: string) => (output: string) =>
  output.includes(needle) ? `the output contains ${JSON.stringify(needle)}` : undefined;

export const CASES: readonly HostileCase[] = [
  // ---- issue reproductions -----------------------------------------------------------------
  {
    name: 'manifest text: a param value with a document separator stays one string',
    issue: true,
    yaml: runbook(
      'image: { type: string }',
      'uses: kubernetes.apply\nwith:\n  manifest: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: demo }\n    data:\n      image: ${{ params.image }}',
    ),
    params: { image: 'x\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding' },
    code: null,
    check: (output) =>
      /^\s*kind: ClusterRoleBinding/m.test(output)
        ? 'a second document appears in the plan'
        : undefined,
  },
  {
    name: 'bash -c with a param in the script',
    issue: true,
    yaml: step('[bash, -c, "echo ${{ params.v }}"]'),
    code: 'RB5002',
  },
  { name: 'argv[0] from a param', issue: true, yaml: step('["${{ params.v }}"]'), code: 'RB5001' },
  {
    name: 'BASH_ENV from a param with shell: bash',
    issue: true,
    yaml: runbook(V, 'shell: bash\nrun: echo hi\nenv: { BASH_ENV: "${{ params.v }}" }'),
    code: 'RB5004',
  },
  {
    name: 'env name LD_PRELOAD from a param',
    issue: true,
    yaml: env('LD_PRELOAD: "${{ params.v }}"'),
    code: 'RB5004',
  },
  {
    name: 'env name PATH from a param',
    issue: true,
    yaml: env('PATH: "${{ params.v }}"'),
    code: 'RB5004',
  },
  { name: 'env name A=B', issue: true, yaml: env('"A=B": x'), code: 'RB5003' },
  { name: 'empty env name', issue: true, yaml: env('"": x'), code: 'RB5003' },
  {
    name: 'param pattern ^(a+)+$ against a long near-match',
    issue: true,
    yaml: runbook("x: { type: string, pattern: '^(a+)+$' }", 'run: ["true"]'),
    params: { x: `${'a'.repeat(4000)}!` },
    code: 'RB4002',
  },
  {
    name: 'matches() with a catastrophic pattern on a long value',
    issue: true,
    yaml: when("params.x.matches('^(a+)+$')", 'x: { type: string }'),
    params: { x: `${'a'.repeat(4000)}!` },
    code: null,
    check: (output) => (output.includes('[when: false, SKIPPED]') ? undefined : 'not decided'),
  },
  {
    name: 'three nested all() over 1,000-item lists',
    issue: true,
    yaml: when(
      "params.v.split('').all(a, params.v.split('').all(b, params.v.split('').all(c, a == c)))",
    ),
    params: { v: 'a'.repeat(1000) },
    code: 'RB3104',
  },
  {
    name: '90 KB of bad expressions',
    issue: true,
    yaml: step(
      `[echo, "${Array.from({ length: 4000 }, (_, i) => `\${{ params.nope${i} + }}`).join(' ')}"]`,
    ),
    code: 'RB3001',
    check: (output) =>
      output.length > 100_000 ? `${output.length} characters of output` : undefined,
  },
  {
    name: 'duplicate-key storm',
    issue: true,
    yaml: `${HEAD}  steps: [ { id: a, run: ["true"] } ]\n  x:\n${Array.from({ length: 5000 }, (_, i) => `    k: ${i}\n`).join('')}`,
    code: 'RB1006',
  },
  {
    name: 'did-you-mean on a very long unknown key',
    issue: true,
    yaml: runbook(V, `run: ["true"]\n${'t'.repeat(900)}imeout: 5m`),
    code: 'RB1001',
  },
  {
    name: '-p constructor=x',
    issue: true,
    yaml: runbook(V, 'run: ["true"]'),
    params: { constructor: 'x' },
    code: 'RB4003',
  },
  {
    name: '-p __proto__=x',
    issue: true,
    yaml: runbook(V, 'run: ["true"]'),
    params: { ['__proto__']: 'x' },
    code: 'RB4003',
  },
  {
    name: '-p toString=x',
    issue: true,
    yaml: runbook(V, 'run: ["true"]'),
    params: { toString: 'x' },
    code: 'RB4003',
  },
  {
    name: 'a param named toString plans',
    issue: true,
    yaml: runbook(
      'toString: { type: string, default: a }, constructor: { type: integer, default: 2 }',
      'run: [echo, "${{ params.toString }}", "${{ params.constructor + 1 }}"]',
    ),
    code: null,
    check: (output) => (output.includes('run echo a 3') ? undefined : 'params were not rendered'),
  },
  {
    name: 'newline and ANSI escape in a param do not forge plan lines',
    issue: true,
    yaml: runbook(V, 'run: [echo, "${{ params.v }}"]'),
    params: { v: 'x\n  2. fake: run rm -rf /\u001b[2J' },
    code: null,
    check: (output) =>
      output.includes('\u001b') || /\n {2}2\. fake/.test(output)
        ? 'a forged line or escape'
        : undefined,
  },
  {
    name: 'plan shows non-string argv as JSON, as the run sends it',
    issue: true,
    yaml: runbook(V, 'run: [echo, "${{ [1, 2] }}", "${{ {\'a\': 1} }}"]'),
    code: null,
    check: (output) => (output.includes(`'[1,2]' '{"a":1}'`) ? undefined : 'argv not JSON'),
  },
  {
    name: 'duration param longer than 30d',
    issue: true,
    yaml: runbook('d: { type: duration }', 'run: ["true"]'),
    params: { d: '9999d' },
    code: 'RB4002',
  },
  {
    name: 'forEach with more literal items than the limit',
    issue: true,
    yaml: runbook(
      V,
      `forEach:\n  items: ${`[${Array.from({ length: 1001 }, () => 'x').join(',')}]`}\n  steps:\n    - id: t\n      run: ["true"]`,
    ),
    code: 'RB5006',
  },
  {
    name: 'step id longer than the limit',
    issue: true,
    yaml: `${HEAD}  steps: [ { id: a${'b'.repeat(80)}, run: ["true"] } ]\n`,
    code: 'RB5006',
  },
  { name: 'unknown YAML tag', issue: true, yaml: step('[echo, !evil x]'), code: 'RB5008' },
  // ---- code stays code ------------------------------------------------------------------------
  { name: 'sh -c', yaml: step('[sh, -c, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'zsh -c', yaml: step('[zsh, -c, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'dash -c', yaml: step('[dash, -c, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'ksh -c', yaml: step('[ksh, -c, "${{ params.v }}"]'), code: 'RB5002' },
  {
    name: 'bash script file from a param',
    yaml: step('[bash, "${{ params.v }}"]'),
    code: 'RB5002',
  },
  { name: 'python -c', yaml: step('[python, -c, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'python3 -m', yaml: step('[python3, -m, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'node -e', yaml: step('[node, -e, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'node --eval=', yaml: step('[node, "--eval=${{ params.v }}"]'), code: 'RB5002' },
  { name: 'node -p', yaml: step('[node, -p, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'perl -e', yaml: step('[perl, -e, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'perl -E', yaml: step('[perl, -E, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'ruby -e', yaml: step('[ruby, -e, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'pwsh -c', yaml: step('[pwsh, -c, "${{ params.v }}"]'), code: 'RB5002' },
  {
    name: 'powershell -Command',
    yaml: step('[powershell, -Command, "${{ params.v }}"]'),
    code: 'RB5002',
  },
  { name: 'env sh -c', yaml: step('[env, sh, -c, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'env -S', yaml: step('[env, -S, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'xargs program', yaml: step('[xargs, "${{ params.v }}"]'), code: 'RB5001' },
  {
    name: 'find -exec sh -c',
    yaml: step('[find, ., -exec, sh, -c, "${{ params.v }}", ";"]'),
    code: 'RB5002',
  },
  { name: 'ssh remote command', yaml: step('[ssh, host, "${{ params.v }}"]'), code: 'RB5002' },
  { name: 'sudo program', yaml: step('[sudo, "${{ params.v }}"]'), code: 'RB5001' },
  { name: 'nice program', yaml: step('[nice, "${{ params.v }}"]'), code: 'RB5001' },
  { name: 'timeout program', yaml: step('[timeout, "5", "${{ params.v }}"]'), code: 'RB5001' },
  { name: 'nohup bash -c', yaml: step('[nohup, bash, -c, "${{ params.v }}"]'), code: 'RB5002' },
  {
    name: 'sudo -u root env python3 -c',
    yaml: step('[sudo, -u, root, env, python3, -c, "${{ params.v }}"]'),
    code: 'RB5002',
  },
  {
    name: 'argv[0] path built from a param',
    yaml: step('["./bin/${{ params.v }}"]'),
    code: 'RB5001',
  },
  { name: 'awk program from a param', yaml: step('[awk, "${{ params.v }}"]'), code: 'RB5002' },
  {
    name: 'git -c from a param',
    yaml: step('[git, -c, "${{ params.v }}", status]'),
    code: 'RB5002',
  },
  {
    name: 'rollback with bash -c',
    yaml: runbook(V, 'run: ["true"]\nrollback: { run: [bash, -c, "${{ params.v }}"] }'),
    code: 'RB5002',
  },
  {
    name: 'onFailure step with argv[0] from a param',
    yaml: runbook(
      V,
      'run: ["true"]',
      '  onFailure:\n    - id: f\n      run: ["${{ params.v }}"]\n',
    ),
    code: 'RB5001',
  },
  {
    name: 'nested forEach step with node -e',
    yaml: runbook(
      V,
      'forEach:\n  items: [a]\n  steps:\n    - id: t\n      run: [node, -e, "${{ item }}"]',
    ),
    code: 'RB5002',
  },
  {
    name: 'NODE_OPTIONS from a param',
    yaml: env('NODE_OPTIONS: "${{ params.v }}"'),
    code: 'RB5004',
  },
  { name: 'PYTHONPATH from a param', yaml: env('PYTHONPATH: "${{ params.v }}"'), code: 'RB5004' },
  { name: 'PERL5OPT from a param', yaml: env('PERL5OPT: "${{ params.v }}"'), code: 'RB5004' },
  { name: 'RUBYOPT from a param', yaml: env('RUBYOPT: "${{ params.v }}"'), code: 'RB5004' },
  { name: 'IFS from a param', yaml: env('IFS: "${{ params.v }}"'), code: 'RB5004' },
  {
    name: 'DYLD_INSERT_LIBRARIES from a param',
    yaml: env('DYLD_INSERT_LIBRARIES: "${{ params.v }}"'),
    code: 'RB5004',
  },
  {
    name: 'GIT_SSH_COMMAND from a param',
    yaml: env('GIT_SSH_COMMAND: "${{ params.v }}"'),
    code: 'RB5004',
  },
  {
    name: 'RUNBOOK_OUTPUT from a param',
    yaml: env('RUNBOOK_OUTPUT: "${{ params.v }}"'),
    code: 'RB5004',
  },
  {
    name: 'PROMPT_COMMAND from a param',
    yaml: env('PROMPT_COMMAND: "${{ params.v }}"'),
    code: 'RB5004',
  },
  { name: 'lower-case env name', yaml: env('path: x'), code: 'RB5003' },
  { name: 'env name with a dash', yaml: env('"A-B": x'), code: 'RB5003' },
  { name: 'env name starting with a digit', yaml: env('"1A": x'), code: 'RB5003' },
  {
    name: 'sh -c with the value as "$1" is accepted',
    yaml: step(`[sh, -c, 'echo "$1"', sh, "\${{ params.v }}"]`),
    code: null,
  },
  {
    name: 'an enum param as the program is accepted',
    yaml: runbook(
      'tool: { type: string, enum: [kubectl, helm], default: helm }',
      'run: ["${{ params.tool }}", version]',
    ),
    code: null,
    check: (output) => (output.includes('run helm version') ? undefined : 'enum not rendered'),
  },
  // ---- expressions ----------------------------------------------------------------------------
  {
    name: 'nested exists() past the budget',
    yaml: when(
      "params.v.split('').exists(a, params.v.split('').exists(b, params.v.split('').exists(c, a != c)))",
    ),
    params: { v: 'a'.repeat(1000) },
    code: 'RB3104',
  },
  {
    name: 'string doubling in nested binds',
    yaml: when(
      'cel.bind(a, params.v + params.v, cel.bind(b, a + a + a + a, cel.bind(c, b + b + b + b, cel.bind(d, c + c + c + c, cel.bind(e, d + d + d + d, cel.bind(f, e + e + e + e, cel.bind(g, f + f + f + f, cel.bind(h, g + g + g + g, cel.bind(i, h + h + h + h, i + i + i + i + i + i + i + i))))))))).size() > 0',
      `v: { type: string, default: "${'x'.repeat(200)}" }`,
    ),
    code: 'RB3104',
  },
  {
    name: 'split of a long param into a huge list',
    yaml: when("params.v.split('').size() > 0"),
    params: { v: 'x'.repeat(4000) },
    code: null,
  },
  {
    name: 'matches() with a backreference',
    yaml: when("params.v.matches('(a)\\\\\\\\1')"),
    code: 'RB5005',
  },
  { name: 'matches() with lookahead', yaml: when("params.v.matches('(?=a)')"), code: 'RB5005' },
  { name: 'matches() with lookbehind', yaml: when("params.v.matches('(?<=a)b')"), code: 'RB5005' },
  {
    name: 'param pattern with a backreference',
    yaml: runbook("x: { type: string, pattern: '(a)\\1' }", 'run: ["true"]'),
    code: 'RB2013',
  },
  {
    name: 'param pattern with lookahead',
    yaml: runbook("x: { type: string, pattern: '^(?!admin)' }", 'run: ["true"]'),
    code: 'RB2013',
  },
  {
    name: 'param pattern longer than the limit',
    yaml: runbook(`x: { type: string, pattern: '${'a'.repeat(1100)}' }`, 'run: ["true"]'),
    code: 'RB2013',
  },
  {
    name: 'expression longer than the limit',
    yaml: when(Array.from({ length: 1500 }, () => '1').join(' + ')),
    code: 'RB5006',
  },
  {
    name: 'deeply nested parentheses',
    yaml: when(`${'('.repeat(400)}true${')'.repeat(400)}`),
    code: 'RB3001',
  },
  { name: 'unterminated expression', yaml: step('[echo, "${{ params.v"]'), code: 'RB3008' },
  {
    name: 'expression in a shell script',
    yaml: runbook(V, 'shell: bash\nrun: echo ${{ params.v }}'),
    code: 'RB3007',
  },
  { name: 'unknown name in an expression', yaml: when("process.env.HOME == ''"), code: 'RB3002' },
  { name: 'constructor access on params', yaml: when("params.constructor == ''"), code: 'RB3003' },
  { name: '__proto__ access on params', yaml: when("params.__proto__ == ''"), code: 'RB3003' },
  { name: 'division by zero at plan time is not a crash', yaml: when('1 / 0 == 1'), code: null },
  // ---- params ---------------------------------------------------------------------------------
  {
    name: 'param value longer than the limit',
    yaml: runbook(V, 'run: ["true"]'),
    params: { v: 'x'.repeat(5000) },
    code: 'RB4002',
  },
  { name: 'unknown param', yaml: runbook(V, 'run: ["true"]'), params: { w: 'x' }, code: 'RB4003' },
  {
    name: 'unknown param with a very long name',
    yaml: runbook(V, 'run: ["true"]'),
    params: { ['w'.repeat(10_000)]: 'x' },
    code: 'RB4003',
    check: (output) => (output.length > 2000 ? 'the long name is echoed in full' : undefined),
  },
  {
    name: 'too many params',
    yaml: runbook(V, 'run: ["true"]'),
    params: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, 'x'])),
    code: 'RB4003',
  },
  {
    name: 'integer param with an exponent',
    yaml: runbook('n: { type: integer }', 'run: ["true"]'),
    params: { n: '1e400' },
    code: 'RB4002',
  },
  {
    name: 'integer param beyond the safe range',
    yaml: runbook('n: { type: integer }', 'run: ["true"]'),
    params: { n: '99999999999999999999' },
    code: 'RB4002',
  },
  {
    name: 'boolean param with a YAML-ish value',
    yaml: runbook('b: { type: boolean }', 'run: ["true"]'),
    params: { b: 'yes' },
    code: 'RB4002',
  },
  {
    name: 'secret param naming a literal secret',
    yaml: runbook('t: { type: secret }', 'run: ["true"]'),
    params: { t: 'ghp_abc' },
    code: 'RB4002',
  },
  {
    name: 'enum param with a near miss',
    yaml: runbook('e: { type: string, enum: [prod, staging] }', 'run: ["true"]'),
    params: { e: 'prod\n' },
    code: 'RB4002',
  },
  {
    name: 'duration param that is not one',
    yaml: runbook('d: { type: duration }', 'run: ["true"]'),
    params: { d: '5 minutes' },
    code: 'RB4002',
  },
  {
    name: 'C1 control and bidi override in a param are shown escaped',
    yaml: runbook(V, 'run: [echo, "${{ params.v }}"]'),
    params: { v: 'a\u009b2Jb\u202ec' },
    code: null,
    check: (output) =>
      /[\u009b\u202e]/.test(output) ? 'raw control character in the plan' : undefined,
  },
  {
    name: 'param named like an Object method in the runbook',
    yaml: runbook(
      'hasOwnProperty: { type: string, default: x }',
      'when: "${{ params.hasOwnProperty == \'x\' }}"\nrun: ["true"]',
    ),
    code: null,
    check: (output) => (output.includes('[when: true, runs]') ? undefined : 'not decided'),
  },
  // ---- YAML -----------------------------------------------------------------------------------
  {
    name: 'alias bomb',
    yaml: `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
    code: 'RB1007',
  },
  { name: '!!binary tag', yaml: step('[echo, !!binary aGk=]'), code: 'RB5008' },
  { name: '!!set tag', yaml: runbook(V, 'run: ["true"]\nenv: !!set { A }'), code: 'RB5008' },
  { name: '!!timestamp tag', yaml: step('[echo, !!timestamp 2020-01-01]'), code: 'RB5008' },
  { name: 'python object tag', yaml: step('[echo, !!python/object:os.system x]'), code: 'RB5008' },
  { name: 'verbatim tag', yaml: step('[echo, !<tag:example.com:x> x]'), code: 'RB5008' },
  {
    name: 'two documents',
    yaml: `${HEAD}  steps: [ { id: a, run: ["true"] } ]\n---\nkind: Other\n`,
    code: 'RB1005',
  },
  { name: 'tab indentation', yaml: `${HEAD}\tsteps: []\n`, code: 'RB1005' },
  { name: 'a sequence at the top', yaml: '- a\n- b\n', code: 'RB1009' },
  { name: 'a scalar at the top', yaml: 'hello\n', code: 'RB1009' },
  { name: 'empty file', yaml: '', code: 'RB1009' },
  {
    name: 'NUL byte in the file',
    yaml: `${HEAD}  steps: [ { id: a, run: ["tr\u0000ue"] } ]\n`,
    code: 'RB5009',
  },
  {
    name: 'ANSI escape in an unknown key is shown escaped',
    yaml: runbook(V, 'run: ["true"]\n"x\u001b[2Jy": 1'),
    code: 'RB5009',
    check: lacks('\u001b'),
  },
  {
    name: 'very long line is cut in the code frame',
    yaml: runbook(V, `run: ["true"]\nname: ${'n'.repeat(50_000)}\ntimout: 5m`),
    code: 'RB1001',
    check: (output) => (output.length > 5000 ? `${output.length} characters` : undefined),
  },
  {
    name: 'too many steps',
    yaml: `${HEAD}  steps:\n${Array.from({ length: 501 }, (_, i) => `    - { id: s${i}, run: ["true"] }\n`).join('')}`,
    code: 'RB1011',
  },
  {
    name: 'nesting too deep',
    yaml: `${HEAD}  steps:\n${Array.from({ length: 12 }, (_, i) => `${'  '.repeat(2 * i + 2)}- id: p${i}\n${'  '.repeat(2 * i + 3)}parallel:\n`).join('')}${'  '.repeat(26)}- { id: leaf, run: ["true"] }\n`,
    code: 'RB1012',
  },
  { name: 'file over 1 MiB', yaml: `${HEAD}# ${'x'.repeat(1_100_000)}\n`, code: 'RB1008' },
  // ---- structure, not text ---------------------------------------------------------------------
  {
    name: 'manifest in flow style with an expression',
    yaml: runbook(
      V,
      'uses: kubernetes.apply\nwith:\n  manifest: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: ${{ params.v }}}\\n"',
    ),
    code: 'RB5011',
  },
  {
    name: 'manifest with an expression as a key',
    yaml: runbook(
      V,
      'uses: kubernetes.apply\nwith:\n  manifest: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: a }\n    data:\n      ${{ params.v }}: x',
    ),
    code: 'RB5011',
  },
  {
    name: 'manifest that is not YAML',
    yaml: runbook(V, 'uses: kubernetes.apply\nwith:\n  manifest: "a: [\\n"'),
    code: 'RB5011',
  },
  // ---- limits ---------------------------------------------------------------------------------
  {
    name: 'output name longer than the limit',
    yaml: runbook(V, `run: ["true"]\noutputs: { ${'o'.repeat(80)}: x }`),
    code: 'RB5006',
  },
  {
    name: 'param name longer than the limit',
    yaml: runbook(`${'p'.repeat(80)}: { type: string, default: x }`, 'run: ["true"]'),
    code: 'RB5006',
  },
  {
    name: 'timeout longer than 30d',
    yaml: runbook(V, 'run: ["true"]\ntimeout: 31d'),
    code: 'RB2014',
  },
  {
    name: 'many diagnostics are capped with "and N more"',
    yaml: `${HEAD}  steps:\n${Array.from({ length: 200 }, (_, i) => `    - { id: s${i}, run: ["true"], timout: 1s }\n`).join('')}`,
    code: null,
    check: (output) => (output.includes('[RB5010]') ? undefined : 'no "and N more"'),
  },
];

/** Cases that must produce `code`; the capped-diagnostics case reports RB1001 and RB5010. */
export const EXPECTED_CODES: Readonly<Record<string, readonly string[]>> = {
  '90 KB of bad expressions': ['RB3001', 'RB5010'],
  'duplicate-key storm': ['RB1006', 'RB5010'],
  'many diagnostics are capped with "and N more"': ['RB1001', 'RB5010'],
};

/** Long input used by the bench as well. */
export const LONG_VALUE = hundredThousand;
