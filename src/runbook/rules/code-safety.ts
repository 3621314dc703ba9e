// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * "A param is never code": where a `${{ }}` expression may not appear in a `run:` argv list or in
 * `env:`, because its value would be run rather than passed.
 *
 * - RB5001: the program itself (`argv[0]`, or the command after `sudo`, `env`, `timeout`, …),
 *   unless it is exactly one enum param (the author fixed every program it can be).
 * - RB5002: the code argument of an interpreter (`bash -c <script>`, `python -c`, `node -e`,
 *   `ssh host <command>`, …) and the options before it; arguments after it stay data.
 * - RB5003: an `env:` name that is not `[A-Z_][A-Z0-9_]*`.
 * - RB5004: an `env:` variable that decides what runs at start-up (`BASH_ENV`, `LD_PRELOAD`,
 *   `PATH`, `NODE_OPTIONS`, …) set from an expression.
 *
 * The programs and variables are listed once, in `interpreters.ts`. Pure.
 */
import { shown } from '../bounded-text.js';
import type { Diagnostic } from '../diagnostics.js';
import { findExpressions, hasExpression } from '../expressions.js';
import type { Locator, Path } from '../locate.js';
import {
  COMMAND_MARKERS,
  ENV_NAME_PATTERN,
  INTERPRETERS,
  type Interpreter,
  type InterpreterFamily,
  isStartupVariable,
  programName,
  WRAPPERS,
  type Wrapper,
} from './interpreters.js';

export interface CodeSafetyContext {
  readonly locator: Locator;
  /** Params declared with `enum:`, with their values. */
  readonly enums: ReadonlyMap<string, ReadonlyArray<string | number>>;
}

/** What a step or rollback carries that these rules read. */
export interface CodeSafetySubject {
  readonly run?: string | readonly string[] | undefined;
  readonly env?: Readonly<Record<string, string | number | boolean>> | undefined;
}

/** Diagnostics for the argv list and `env:` of one step or rollback at `path`. */
export function checkCodeSafety(
  subject: CodeSafetySubject,
  path: Path,
  context: CodeSafetyContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (Array.isArray(subject.run)) out.push(...checkArgv(subject.run, [...path, 'run'], context));
  if (subject.env !== undefined) out.push(...checkEnv(subject.env, [...path, 'env'], context));
  return out;
}

type Role =
  | { kind: 'program'; via?: string }
  | { kind: 'code'; program: string; family: InterpreterFamily; option?: string }
  | { kind: 'option'; program: string }
  | { kind: 'remote-shell'; program: string }
  | { kind: 'startup-variable'; name: string };

interface Finding {
  readonly index: number;
  readonly role: Role;
}

/** Nested wrappers deeper than this are not followed (`sudo env nice timeout …` is 4). */
const MAX_WRAPPER_DEPTH = 8;

/** Diagnostics for one argv list; `path` points at the list. */
export function checkArgv(
  argv: readonly string[],
  path: Path,
  context: CodeSafetyContext,
): Diagnostic[] {
  if (!argv.some(hasExpression)) return [];
  const findings: Finding[] = [];
  new ArgvScan(argv, context.enums, findings).command(0, 0);
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const finding of findings) {
    if (seen.has(finding.index)) continue;
    seen.add(finding.index);
    out.push(diagnose(argv, finding, path, context.locator));
  }
  return out;
}

class ArgvScan {
  constructor(
    private readonly argv: readonly string[],
    private readonly enums: CodeSafetyContext['enums'],
    private readonly out: Finding[],
  ) {}

  /** The command starting at `at`; `program` replaces `argv[at]` when an enum was expanded. */
  command(at: number, depth: number, program?: string): void {
    const first = program ?? this.argv[at];
    if (first === undefined || depth > MAX_WRAPPER_DEPTH) return;
    if (program === undefined && hasExpression(first)) {
      const choices = enumChoices(first, this.enums);
      if (choices === undefined) {
        this.flag(at, { kind: 'program' });
        return;
      }
      for (const choice of choices) this.command(at, depth + 1, choice);
      return;
    }
    const name = programName(first);
    const wrapper = WRAPPERS[name];
    if (wrapper !== undefined) {
      this.wrapped(at, depth, name, wrapper);
      return;
    }
    const interpreter = INTERPRETERS[name];
    if (interpreter !== undefined) {
      this.interpreted(at, name, interpreter);
      return;
    }
    const markers = COMMAND_MARKERS[name];
    if (markers !== undefined) {
      for (let i = at + 1; i < this.argv.length; i++) {
        if (markers.includes(this.argv[i] ?? '')) this.command(i + 1, depth + 1);
      }
    }
  }

  private flag(index: number, role: Role): void {
    this.out.push({ index, role });
  }

  private flagIfExpression(index: number, role: Role): void {
    const arg = this.argv[index];
    if (arg !== undefined && hasExpression(arg)) this.flag(index, role);
  }

  private wrapped(at: number, depth: number, name: string, wrapper: Wrapper): void {
    let remoteShell = wrapper.restIsShell === true;
    let operands = wrapper.leadingOperands ?? 0;
    let i = at + 1;
    while (i < this.argv.length) {
      const arg = this.argv[i] ?? '';
      if (arg === '--') {
        i++;
        break;
      }
      const code = matchOption(arg, wrapper.codeOptions ?? [], false);
      if (code !== undefined) {
        const role: Role = { kind: 'code', program: name, family: 'shell', option: code.option };
        if (code.attached) this.flagIfExpression(i, role);
        else this.flagIfExpression(i + 1, role);
        return;
      }
      if (arg.startsWith('-') && arg.length > 1) {
        if (Array.isArray(wrapper.restIsShell) && wrapper.restIsShell.includes(arg)) {
          remoteShell = true;
        }
        this.flagIfExpression(i, { kind: 'option', program: name });
        i += 1 + valueCount(arg, wrapper.valueOptions, false);
        continue;
      }
      const assignment =
        wrapper.assignments === true ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(arg) : null;
      if (assignment !== null) {
        const variable = assignment[1] ?? '';
        if (isStartupVariable(variable) && hasExpression(arg)) {
          this.flag(i, { kind: 'startup-variable', name: variable });
        }
        i++;
        continue;
      }
      if (operands > 0) {
        operands--;
        i++;
        continue;
      }
      break;
    }
    if (remoteShell) {
      for (let j = i; j < this.argv.length; j++) {
        this.flagIfExpression(j, { kind: 'remote-shell', program: name });
      }
      return;
    }
    if (i < this.argv.length) this.command(i, depth + 1);
  }

  private interpreted(at: number, name: string, interpreter: Interpreter): void {
    const insensitive = interpreter.caseInsensitive === true;
    let i = at + 1;
    while (i < this.argv.length) {
      const arg = this.argv[i] ?? '';
      if (arg === '--') {
        if (interpreter.firstOperandIsCode) {
          this.flagIfExpression(i + 1, { kind: 'code', program: name, family: interpreter.family });
        }
        return;
      }
      const code = matchOption(arg, interpreter.codeOptions, insensitive);
      if (code !== undefined) {
        const role: Role = {
          kind: 'code',
          program: name,
          family: interpreter.family,
          option: code.option,
        };
        const valueAt = code.attached ? i : i + 1;
        this.flagIfExpression(valueAt, role);
        if (interpreter.restIsCode === true) {
          for (let j = valueAt + 1; j < this.argv.length; j++) this.flagIfExpression(j, role);
          return;
        }
        if (interpreter.keepScanning !== true) return;
        i = valueAt + 1;
        continue;
      }
      const isOption =
        (arg.startsWith('-') && arg.length > 1) || (insensitive && arg.startsWith('/'));
      if (isOption) {
        this.flagIfExpression(i, { kind: 'option', program: name });
        i += 1 + valueCount(arg, interpreter.valueOptions, insensitive);
        continue;
      }
      if (interpreter.firstOperandIsCode) {
        this.flagIfExpression(i, { kind: 'code', program: name, family: interpreter.family });
        return;
      }
      if (interpreter.keepScanning !== true) return;
      i++;
    }
  }
}

/**
 * Whether `arg` is one of `options`: exactly (value in the next argument), as `--long=value`, or
 * as a short option with its value attached (`-cprint(1)`, `-Mstrict`) or closing a bundle of
 * flags (`-lne`: `e` takes the next argument).
 */
function matchOption(
  arg: string,
  options: readonly string[],
  insensitive: boolean,
): { option: string; attached: boolean } | undefined {
  const text = insensitive ? arg.toLowerCase() : arg;
  for (const option of options) {
    if (text === option) return { option, attached: false };
    if (option.startsWith('--') && text.startsWith(`${option}=`)) return { option, attached: true };
  }
  if (insensitive || !/^-[A-Za-z]/.test(text) || text.startsWith('--')) return undefined;
  for (const option of options) {
    if (option.length === 2 && option.startsWith('-') && text.startsWith(option)) {
      return { option, attached: true };
    }
  }
  if (/^-[A-Za-z]+$/.test(text)) {
    const last = `-${text.slice(-1)}`;
    if (options.includes(last)) return { option: last, attached: false };
  }
  return undefined;
}

function valueCount(
  arg: string,
  options: Readonly<Record<string, number>> | undefined,
  insensitive: boolean,
): number {
  if (options === undefined || arg.includes('=')) return 0;
  const key = insensitive ? arg.toLowerCase() : arg;
  return Object.hasOwn(options, key) ? (options[key] ?? 0) : 0;
}

/** The string values an argument can take when it is exactly one enum param, else undefined. */
function enumChoices(
  arg: string,
  enums: CodeSafetyContext['enums'],
): readonly string[] | undefined {
  const match = /^\$\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(arg);
  const name = match?.[1];
  if (name === undefined) return undefined;
  const values = enums.get(name);
  return values?.map(String);
}

const FAMILY_HINTS: Readonly<Record<InterpreterFamily, (expression: string) => string>> = {
  shell: (e) =>
    `pass it as an argument after the script and read it as "$1": run: [bash, -c, 'echo "$1"', bash, "\${{ ${e} }}"]; or through env: { VALUE: "\${{ ${e} }}" } and "$VALUE"`,
  python: (e) =>
    `pass it as an argument and read sys.argv[1]: run: [python3, -c, 'import sys; print(sys.argv[1])', "\${{ ${e} }}"]; or through env: and os.environ`,
  node: (e) =>
    `pass it as an argument and read process.argv[1]: run: [node, -e, 'console.log(process.argv[1])', "\${{ ${e} }}"]; or through env: and process.env`,
  perl: (e) =>
    `pass it as an argument and read $ARGV[0]: run: [perl, -e, 'print $ARGV[0]', "\${{ ${e} }}"]; or through env: and $ENV{VALUE}`,
  ruby: (e) =>
    `pass it as an argument and read ARGV[0]: run: [ruby, -e, 'puts ARGV[0]', "\${{ ${e} }}"]; or through env: and ENV["VALUE"]`,
  powershell: (e) =>
    `pass it through env: { VALUE: "\${{ ${e} }}" } and read $env:VALUE in a fixed command`,
  other: (e) =>
    `pass it through env: { VALUE: "\${{ ${e} }}" } and read the variable in a fixed program (for jq: --arg value "\${{ ${e} }}")`,
};

function diagnose(
  argv: readonly string[],
  finding: Finding,
  path: Path,
  locator: Locator,
): Diagnostic {
  const arg = argv[finding.index] ?? '';
  const argPath = [...path, finding.index];
  let part: { expression: string; start: number; end: number } | undefined;
  try {
    part = findExpressions(arg)[0];
  } catch {
    part = undefined;
  }
  const expression = shown(part?.expression ?? arg);
  const at =
    part === undefined ? locator.at(argPath) : locator.inString(argPath, part.start, part.end);
  const base = { severity: 'error' as const, file: locator.file, ...at };
  const role = finding.role;
  switch (role.kind) {
    case 'program':
      return {
        ...base,
        code: 'RB5001',
        message: `\${{ ${expression} }} chooses the program to run (argv[${finding.index}]); a value must never be code`,
        hint: `name the program literally and pass the value as an argument, e.g. run: ["./scripts/deploy.sh", "\${{ ${expression} }}"]; to choose among fixed programs, declare the param with enum: [...]`,
      };
    case 'code':
      return {
        ...base,
        code: 'RB5002',
        message: `\${{ ${expression} }} is in the code that ${role.program}${role.option === undefined ? '' : ` ${role.option}`} runs (argv[${finding.index}]); a value must never be code`,
        hint: FAMILY_HINTS[role.family](expression),
      };
    case 'option':
      return {
        ...base,
        code: 'RB5002',
        message: `\${{ ${expression} }} is an option of ${role.program} (argv[${finding.index}]), before the code it runs; a value there could become the code`,
        hint: `write the options literally; pass values as arguments after the script, or through env:`,
      };
    case 'remote-shell':
      return {
        ...base,
        code: 'RB5002',
        message: `\${{ ${expression} }} is part of the command line that ${role.program} hands to a shell (argv[${finding.index}]); a value must never be code`,
        hint: `run a fixed command (a script that checks its input) and send the value on a channel that is not parsed as shell, e.g. env: or a file`,
      };
    case 'startup-variable':
      return {
        ...base,
        code: 'RB5004',
        message: `\${{ ${expression} }} sets ${role.name}, which decides what runs when a program starts`,
        hint: `set ${role.name} to a fixed value, and pass the value under a plain name: env: { TARGET: "\${{ ${expression} }}" }`,
      };
    default: {
      const never: never = role;
      throw new Error(`unhandled role ${JSON.stringify(never)}`);
    }
  }
}

/** Diagnostics for one `env:` mapping; `path` points at the mapping. */
export function checkEnv(
  env: Readonly<Record<string, string | number | boolean>>,
  path: Path,
  context: CodeSafetyContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, value] of Object.entries(env)) {
    const here = [...path, name];
    if (!ENV_NAME_PATTERN.test(name)) {
      const suggestion = name
        .toUpperCase()
        .replace(/[^A-Z0-9_]/g, '_')
        .replace(/^([0-9])/, '_$1');
      out.push({
        code: 'RB5003',
        severity: 'error',
        message: `env name "${shown(name)}" is not an environment variable name`,
        file: context.locator.file,
        ...context.locator.at(here, 'key'),
        hint: `use upper-case letters, digits and _, not starting with a digit${suggestion === '' || suggestion === '_' ? '' : `, e.g. "${shown(suggestion)}"`}`,
      });
      continue;
    }
    if (typeof value !== 'string' || !hasExpression(value) || !isStartupVariable(name)) continue;
    let part: { expression: string; start: number; end: number } | undefined;
    try {
      part = findExpressions(value)[0];
    } catch {
      part = undefined;
    }
    const expression = shown(part?.expression ?? value);
    out.push({
      code: 'RB5004',
      severity: 'error',
      message: `\${{ ${expression} }} sets ${name}, which decides what runs when a program starts`,
      file: context.locator.file,
      ...(part === undefined
        ? context.locator.at(here)
        : context.locator.inString(here, part.start, part.end)),
      hint: `set ${name} to a fixed value, and pass the value under a plain name: env: { TARGET: "\${{ ${expression} }}" }`,
    });
  }
  return out;
}
