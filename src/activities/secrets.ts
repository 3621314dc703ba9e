/**
 * Secret resolution and redaction for activities.
 *
 * A workflow never sees a secret value: rendered text carries tokens `[[secret:<ref>]]` (see
 * `src/runbook/secret-token.ts`). The activity that runs the step builds a {@link SecretScope}
 * from the run's declared references, swaps tokens for values just before use, and redacts every
 * value it resolved from whatever it returns, throws or writes to a log.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { SECRET_TOKEN_PATTERN } from '../runbook/secret-token.js';
import {
  isAllowedSecretSource,
  SECRET_SOURCES_VARIABLE,
  type SecretSources,
} from './secret-sources.js';

/** What a resolved value is replaced with in output, errors and logs. */
export const REDACTED = '***';

/**
 * Lines of a multi-line secret shorter than this are not redacted on their own (redacting every
 * `}` or `-----` line of output would destroy logs); the whole value is always redacted.
 */
export const MIN_REDACTED_LINE_LENGTH = 4;

/** Failure types thrown while resolving secrets. */
export const SecretFailureType = {
  /** A token names a reference that is not among the run's declared secret params. */
  notDeclared: 'SecretNotDeclared',
  /** A declared reference could not be read (unset variable, missing file, unknown scheme). */
  unavailable: 'SecretUnavailable',
  /** A declared reference names a source outside the worker's RUNBOOK_SECRET_SOURCES. */
  notAllowed: 'SecretNotAllowed',
} as const;

export interface SecretScopeOptions {
  /** The references the run declared as secret params: the only ones that may be resolved. */
  readonly secretRefs: readonly string[];
  /** Where `env:NAME` references are read from (the worker's environment). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The sources the worker allows (RUNBOOK_SECRET_SOURCES). Every declared reference is checked
   * when the scope is made, before the step does anything. Absent: no restriction (only for
   * embedding and tests; `runbook worker` and local workers always pass the worker's list).
   */
  readonly sources?: SecretSources | undefined;
}

/**
 * Resolves tokens for one activity execution and remembers each value it resolved, so that
 * {@link SecretScope.redact} can scrub them from anything leaving the activity.
 */
export class SecretScope {
  readonly #allowed: ReadonlySet<string>;
  readonly #env: NodeJS.ProcessEnv;
  readonly #values = new Map<string, string>();
  /** Strings to redact, longest first so that a secret containing another is scrubbed whole. */
  #needles: string[] = [];

  /**
   * @throws ApplicationFailure `SecretNotAllowed` (non-retryable) when a declared reference is
   *   outside `options.sources`.
   */
  constructor(options: SecretScopeOptions) {
    this.#allowed = new Set(options.secretRefs);
    this.#env = options.env;
    const sources = options.sources;
    if (sources === undefined) return;
    for (const reference of options.secretRefs) {
      if (!isAllowedSecretSource(reference, sources)) {
        throw ApplicationFailure.nonRetryable(
          `Secret reference "${reference}" is not allowed on this worker: ${SECRET_SOURCES_VARIABLE} is "${sources.text}". ` +
            'Name a variable or file the worker lists, or ask its operator to add the source.',
          SecretFailureType.notAllowed,
          { reference },
        );
      }
    }
  }

  /**
   * Replaces every secret token in `text` with its value.
   *
   * @throws ApplicationFailure `SecretNotDeclared` (non-retryable) for a reference outside the
   *   allow-list, `SecretUnavailable` (non-retryable) for one that cannot be read.
   */
  resolve(text: string): string {
    return text.replace(SECRET_TOKEN_PATTERN, (_token, reference: string) =>
      this.#valueOf(reference),
    );
  }

  /** {@link resolve} applied to every string (keys included) inside a JSON-like value. */
  resolveDeep<T>(value: T): T {
    if (typeof value === 'string') return this.resolve(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.resolveDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[this.resolve(key)] = this.resolveDeep(item);
      }
      return out as T;
    }
    return value;
  }

  /** `text` with every value resolved so far replaced by {@link REDACTED}. */
  redact(text: string): string {
    let out = text;
    for (const needle of this.#needles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }

  /** {@link redact} applied to every string (keys included) inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[this.redact(key)] = this.redactDeep(item);
      }
      return out as T;
    }
    return value;
  }

  /** The length of the longest string {@link redact} looks for; 0 when nothing was resolved. */
  get longestNeedle(): number {
    return this.#needles[0]?.length ?? 0;
  }

  #valueOf(reference: string): string {
    const known = this.#values.get(reference);
    if (known !== undefined) return known;
    if (!this.#allowed.has(reference)) {
      throw ApplicationFailure.nonRetryable(
        `Secret reference "${reference}" is not declared by this run. Only the references passed ` +
          'as secret params may be resolved; declare the param with `type: secret` and pass the ' +
          'reference as its value.',
        SecretFailureType.notDeclared,
        { reference },
      );
    }
    const value = readSecret(reference, this.#env);
    this.#values.set(reference, value);
    this.#remember(value);
    return value;
  }

  #remember(value: string): void {
    const needles = new Set(this.#needles);
    if (value.length > 0) needles.add(value);
    if (value.includes('\n')) {
      for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= MIN_REDACTED_LINE_LENGTH) needles.add(line);
      }
    }
    this.#needles = [...needles].sort((a, b) => b.length - a.length);
  }
}

/** Reads one reference. Exported for tests and for activities that need a value outside text. */
export function readSecret(reference: string, env: NodeJS.ProcessEnv): string {
  const colon = reference.indexOf(':');
  const scheme = colon === -1 ? reference : reference.slice(0, colon);
  const rest = colon === -1 ? '' : reference.slice(colon + 1);
  switch (scheme) {
    case 'env': {
      const value = env[rest];
      if (rest === '' || value === undefined) {
        throw unavailable(
          reference,
          `environment variable ${rest || '(empty name)'} is not set in the worker`,
        );
      }
      return value;
    }
    case 'file': {
      if (!isAbsolute(rest)) {
        throw unavailable(reference, `"${rest}" is not an absolute path`);
      }
      try {
        return readFileSync(rest, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        throw unavailable(reference, `the worker cannot read ${rest} (${code})`);
      }
    }
    default:
      throw unavailable(reference, `unknown scheme "${scheme}"; use env:NAME or file:/abs/path`);
  }
}

function unavailable(reference: string, reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `Secret reference "${reference}" cannot be resolved: ${reason}.`,
    SecretFailureType.unavailable,
    { reference },
  );
}

/**
 * Redacts a stream of text chunks for a log file. A secret split across two chunks is still
 * redacted: complete lines are emitted as they arrive, and a line longer than `maxLineLength`
 * is emitted except for its last `longestNeedle - 1` characters, which wait for the next chunk.
 */
export class StreamRedactor {
  #pending = '';

  constructor(
    private readonly scope: SecretScope,
    private readonly maxLineLength = 64 * 1024,
  ) {}

  /** Feeds a chunk; returns the redacted text that is safe to emit now. */
  push(chunk: string): string {
    this.#pending += chunk;
    const lastNewline = this.#pending.lastIndexOf('\n');
    let emit = '';
    if (lastNewline !== -1) {
      emit = this.scope.redact(this.#pending.slice(0, lastNewline + 1));
      this.#pending = this.#pending.slice(lastNewline + 1);
    }
    if (this.#pending.length > this.maxLineLength) {
      const redacted = this.scope.redact(this.#pending);
      const keep = Math.max(this.scope.longestNeedle - 1, 0);
      emit += redacted.slice(0, redacted.length - keep);
      this.#pending = redacted.slice(redacted.length - keep);
    }
    return emit;
  }

  /** Returns whatever is left, redacted. */
  end(): string {
    const rest = this.scope.redact(this.#pending);
    this.#pending = '';
    return rest;
  }
}
