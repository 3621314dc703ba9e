/**
 * The one list of programs that turn an argument into code, and of programs that run another
 * program given in their arguments. `code-safety.ts` reads an argv list through these tables to
 * find the arguments a `${{ }}` expression must never reach (see docs/security.md#code-stays-code).
 *
 * Why a table and not a regex: `bash -c "$x"`, `env -i sh -c "$x"`, `sudo -u x timeout 5 bash
 * "$x"` and `find . -exec sh -c "$x" \;` all end in the same place. Peeling the wrappers off one
 * by one and then asking the interpreter which argument is its program keeps each entry small and
 * lets one rule cover every combination. Add a program here, with the options that take a value,
 * and every runbook check picks it up.
 *
 * Pure data.
 */

/** How the hint tells the author to pass a value instead (positional argument or environment). */
export type InterpreterFamily =
  | 'shell'
  | 'python'
  | 'node'
  | 'perl'
  | 'ruby'
  | 'powershell'
  | 'other';

export interface Interpreter {
  readonly family: InterpreterFamily;
  /**
   * Options whose value is code: a script, an expression, a module or a path to load from.
   * The value is the next argument, or the rest of the argument (`-cprint(1)`, `--eval=…`).
   */
  readonly codeOptions: readonly string[];
  /** Options that take this many non-code values (skipped). */
  readonly valueOptions?: Readonly<Record<string, number>>;
  /**
   * Whether the first operand (the first argument that is not an option) is the program: a
   * script text for `sh -c`, or a script file. After it, arguments are data (`$1`, `sys.argv`).
   */
  readonly firstOperandIsCode: boolean;
  /** Whether everything after a code option is code too (`pwsh -Command a b c` joins them). */
  readonly restIsCode?: boolean;
  /** Whether options can appear after a code option (`git -c a=b -c c=d …`). */
  readonly keepScanning?: boolean;
  /** Whether option names are matched without regard to case (PowerShell). */
  readonly caseInsensitive?: boolean;
}

const SHELL: Interpreter = {
  family: 'shell',
  // With or without -c the first operand is the program: a script text, or a script file.
  codeOptions: ['--rcfile', '--init-file'],
  valueOptions: { '-o': 1, '+o': 1, '-O': 1, '+O': 1 },
  firstOperandIsCode: true,
};

const AWK: Interpreter = {
  family: 'other',
  codeOptions: ['-f', '--file', '-i', '--include', '-l', '--load', '-e', '--source'],
  valueOptions: { '-F': 1, '-v': 1, '--assign': 1, '--field-separator': 1 },
  firstOperandIsCode: true,
};

/** Programs that run code given in an argument. */
export const INTERPRETERS: Readonly<Record<string, Interpreter>> = {
  sh: SHELL,
  bash: SHELL,
  zsh: SHELL,
  dash: SHELL,
  ksh: SHELL,
  mksh: SHELL,
  ash: SHELL,
  fish: { ...SHELL, codeOptions: ['-c', '--command', '-C', '--init-command'] },
  python: {
    family: 'python',
    codeOptions: ['-c', '-m'],
    valueOptions: { '-W': 1, '-X': 1, '--check-hash-based-pycs': 1 },
    firstOperandIsCode: true,
  },
  pypy: { family: 'python', codeOptions: ['-c', '-m'], firstOperandIsCode: true },
  node: {
    family: 'node',
    codeOptions: [
      '-e',
      '--eval',
      '-p',
      '--print',
      '-r',
      '--require',
      '--import',
      '--loader',
      '--experimental-loader',
    ],
    valueOptions: { '--title': 1, '--conditions': 1, '-C': 1, '--input-type': 1 },
    firstOperandIsCode: true,
  },
  deno: { family: 'node', codeOptions: ['eval', 'run', '-e'], firstOperandIsCode: true },
  bun: {
    family: 'node',
    codeOptions: ['-e', '--eval', '-p', '--print', 'run', 'x'],
    firstOperandIsCode: true,
  },
  perl: {
    family: 'perl',
    codeOptions: ['-e', '-E', '-M', '-m', '-I', '-x'],
    firstOperandIsCode: true,
  },
  ruby: {
    family: 'ruby',
    codeOptions: ['-e', '-r', '-I', '--require'],
    valueOptions: { '-C': 1, '-E': 1, '--encoding': 1 },
    firstOperandIsCode: true,
  },
  php: {
    family: 'other',
    codeOptions: ['-r', '-B', '-R', '-E', '-F', '-f'],
    firstOperandIsCode: true,
  },
  lua: { family: 'other', codeOptions: ['-e', '-l'], firstOperandIsCode: true },
  luajit: { family: 'other', codeOptions: ['-e', '-l', '-b'], firstOperandIsCode: true },
  tclsh: { family: 'other', codeOptions: [], firstOperandIsCode: true },
  expect: { family: 'other', codeOptions: ['-c', '-f'], firstOperandIsCode: true },
  osascript: { family: 'other', codeOptions: ['-e'], firstOperandIsCode: true },
  pwsh: {
    family: 'powershell',
    codeOptions: [
      '-c',
      '-command',
      '-commandwithargs',
      '-cwa',
      '-e',
      '-ec',
      '-encodedcommand',
      '-f',
      '-file',
      '/c',
      '/command',
    ],
    valueOptions: { '-executionpolicy': 1, '-ex': 1, '-workingdirectory': 1, '-wd': 1 },
    firstOperandIsCode: true,
    restIsCode: true,
    caseInsensitive: true,
  },
  awk: AWK,
  gawk: AWK,
  mawk: AWK,
  nawk: AWK,
  // GNU sed's `e` command runs a shell command; a script is code.
  sed: {
    family: 'other',
    codeOptions: ['-e', '--expression', '-f', '--file'],
    valueOptions: { '-l': 1, '--line-length': 1 },
    firstOperandIsCode: true,
  },
  // A jq filter can read every environment variable ($ENV); pass values with --arg.
  jq: {
    family: 'other',
    codeOptions: ['-f', '--from-file', '-L'],
    valueOptions: {
      '--arg': 2,
      '--argjson': 2,
      '--slurpfile': 2,
      '--rawfile': 2,
      '--indent': 1,
    },
    firstOperandIsCode: true,
  },
  // `su user -c cmd`: the user is an operand, the command an option anywhere in the list.
  su: {
    family: 'shell',
    codeOptions: ['-c', '--command', '--session-command', '-s', '--shell'],
    valueOptions: { '-g': 1, '-G': 1, '--group': 1 },
    firstOperandIsCode: false,
    keepScanning: true,
  },
  // `git -c core.sshCommand=…`, `--upload-pack=…`: configuration that names a command.
  git: {
    family: 'other',
    codeOptions: [
      '-c',
      '--config-env',
      '--exec-path',
      '--upload-pack',
      '--receive-pack',
      '--exec',
      '-u',
    ],
    valueOptions: { '-C': 1, '--git-dir': 1, '--work-tree': 1, '--namespace': 1 },
    firstOperandIsCode: false,
    keepScanning: true,
  },
};

/** `powershell` is Windows PowerShell: the same rules as `pwsh`. */
export const INTERPRETER_ALIASES: Readonly<Record<string, string>> = {
  powershell: 'pwsh',
  'powershell.exe': 'pwsh',
  'pwsh.exe': 'pwsh',
  python2: 'python',
  python3: 'python',
  nodejs: 'node',
  busybox: 'sh',
};

export interface Wrapper {
  /** Options taking this many values before the wrapped command. */
  readonly valueOptions?: Readonly<Record<string, number>>;
  /** Options whose value is code (`env -S`, `flock -c`, `su -c`, `runuser -c`). */
  readonly codeOptions?: readonly string[];
  /** Operands before the wrapped command: `timeout 5 cmd`, `chroot /dir cmd`, `ssh host cmd`. */
  readonly leadingOperands?: number;
  /** `env NAME=value cmd`: assignments before the command. */
  readonly assignments?: boolean;
  /**
   * The rest of the arguments form one shell command line, not an argv: `ssh host cmd…` (the
   * remote shell), `watch cmd…` (`sh -c`), `sudo -s cmd…`. Flags that switch this on are listed.
   */
  readonly restIsShell?: true | readonly string[];
}

/** Programs that run the command given in their remaining arguments. */
export const WRAPPERS: Readonly<Record<string, Wrapper>> = {
  env: {
    valueOptions: { '-u': 1, '--unset': 1, '-C': 1, '--chdir': 1 },
    codeOptions: ['-S', '--split-string'],
    assignments: true,
  },
  sudo: {
    valueOptions: {
      '-u': 1,
      '-g': 1,
      '-h': 1,
      '-p': 1,
      '-C': 1,
      '-D': 1,
      '-r': 1,
      '-t': 1,
      '-T': 1,
      '-U': 1,
      '--user': 1,
      '--group': 1,
      '--host': 1,
      '--prompt': 1,
      '--chdir': 1,
    },
    restIsShell: ['-s', '-i', '--shell', '--login'],
  },
  doas: { valueOptions: { '-u': 1, '-C': 1 } },
  runuser: { valueOptions: { '-u': 1, '-g': 1, '-G': 1 }, codeOptions: ['-c', '--command'] },
  nice: { valueOptions: { '-n': 1, '--adjustment': 1 } },
  nohup: {},
  setsid: {},
  exec: {},
  command: {},
  builtin: {},
  time: { valueOptions: { '-f': 1, '-o': 1, '--format': 1, '--output': 1 } },
  timeout: {
    valueOptions: { '-s': 1, '-k': 1, '--signal': 1, '--kill-after': 1 },
    leadingOperands: 1,
  },
  stdbuf: { valueOptions: { '-i': 1, '-o': 1, '-e': 1 } },
  ionice: { valueOptions: { '-c': 1, '-n': 1, '-p': 1, '-P': 1, '-u': 1 } },
  chrt: { leadingOperands: 1 },
  taskset: { leadingOperands: 1 },
  chroot: { valueOptions: { '--userspec': 1, '--groups': 1 }, leadingOperands: 1 },
  flock: {
    valueOptions: { '-w': 1, '-E': 1, '--timeout': 1, '--conflict-exit-code': 1 },
    codeOptions: ['-c', '--command'],
    leadingOperands: 1,
  },
  unshare: {},
  nsenter: { valueOptions: { '-t': 1, '--target': 1 } },
  strace: { valueOptions: { '-o': 1, '-e': 1, '-p': 1, '-s': 1, '-u': 1 } },
  ltrace: { valueOptions: { '-o': 1, '-e': 1, '-p': 1, '-s': 1, '-u': 1 } },
  xargs: {
    valueOptions: {
      '-I': 1,
      '-n': 1,
      '-L': 1,
      '-d': 1,
      '-P': 1,
      '-s': 1,
      '-E': 1,
      '-a': 1,
      '--arg-file': 1,
      '--delimiter': 1,
      '--max-args': 1,
      '--max-procs': 1,
    },
  },
  watch: { valueOptions: { '-n': 1, '--interval': 1 }, restIsShell: true },
  ssh: {
    valueOptions: Object.fromEntries(
      [
        '-b',
        '-c',
        '-D',
        '-E',
        '-e',
        '-F',
        '-I',
        '-i',
        '-J',
        '-L',
        '-l',
        '-m',
        '-O',
        '-o',
        '-p',
        '-Q',
        '-R',
        '-S',
        '-W',
        '-w',
      ].map((option) => [option, 1]),
    ),
    leadingOperands: 1,
    restIsShell: true,
  },
};

/**
 * Programs whose arguments hold another command after a marker: `find … -exec cmd … ;`,
 * `kubectl exec pod -- cmd …`. The command runs from the argument after the marker.
 */
export const COMMAND_MARKERS: Readonly<Record<string, readonly string[]>> = {
  find: ['-exec', '-execdir', '-ok', '-okdir'],
  kubectl: ['--'],
  oc: ['--'],
  docker: ['--'],
  podman: ['--'],
};

/** The table key for a program as written in argv[0]: its base name, version suffix dropped. */
export function programName(argument: string): string {
  const base = argument.slice(argument.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  const alias = INTERPRETER_ALIASES[lower];
  if (alias !== undefined) return alias;
  const versioned = /^(python|pypy|perl|ruby|php|lua|node)[0-9.]*$/.exec(base);
  return versioned?.[1] ?? base;
}

/**
 * Environment variables that decide what a program or the dynamic loader runs when it starts:
 * a value from an expression in one of these is code (`BASH_ENV=$(…)` runs in every `bash`,
 * `LD_PRELOAD` loads a library, `NODE_OPTIONS=--require …` loads a module, `PATH` chooses which
 * `curl` runs, `GIT_SSH_COMMAND` is a command, `KUBECONFIG` can name an exec credential plugin).
 * Exact names; {@link STARTUP_VARIABLE_PREFIXES} lists the families.
 */
export const STARTUP_VARIABLES: ReadonlySet<string> = new Set([
  // shells
  'BASH_ENV',
  'ENV',
  'ZDOTDIR',
  'SHELLOPTS',
  'BASHOPTS',
  'PS1',
  'PS2',
  'PS4',
  'PROMPT_COMMAND',
  'IFS',
  'CDPATH',
  'GLOBIGNORE',
  'HISTFILE',
  'SHELL',
  'PATH',
  'HOME',
  'XDG_CONFIG_HOME',
  // language runtimes
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'PYTHONSTARTUP',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONINSPECT',
  'PYTHONWARNINGS',
  'PYTHONBREAKPOINT',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'PERL5DB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  // the C library and OpenSSL load modules named here
  'GCONV_PATH',
  'OPENSSL_CONF',
  'OPENSSL_ENGINES',
  // programs that run other programs named here
  'EDITOR',
  'VISUAL',
  'PAGER',
  'MANPAGER',
  'LESSOPEN',
  'LESSCLOSE',
  'SSH_ASKPASS',
  'SUDO_ASKPASS',
  'KUBECONFIG',
  'DOCKER_CONFIG',
  'MAKEFLAGS',
  'BROWSER',
]);

/** Families of startup variables: the dynamic loader, git's hooks and config, the runner itself. */
export const STARTUP_VARIABLE_PREFIXES: readonly string[] = [
  'LD_',
  'DYLD_',
  'GIT_',
  'BASH_FUNC_',
  'NPM_CONFIG_',
  'RUNBOOK_',
];

/** Whether an `env:` name decides what runs when a program starts. */
export function isStartupVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    STARTUP_VARIABLES.has(upper) ||
    STARTUP_VARIABLE_PREFIXES.some((prefix) => upper.startsWith(prefix))
  );
}

/** The names an `env:` key may have: POSIX portable environment variable names in upper case. */
export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
