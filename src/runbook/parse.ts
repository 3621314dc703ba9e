/**
 * YAML text → validated, normalized {@link RunbookDefinition}, or every problem in the file with
 * its exact position. Pure: no I/O (the caller reads the file).
 */
import { type Document, isAlias, isMap, LineCounter, parseDocument, visit } from 'yaml';
import { shown } from './bounded-text.js';
import { capPerFile, compareDiagnostics, type Diagnostic, positionAt } from './diagnostics.js';
import { parseDuration } from './duration.js';
import { createLocator, type Locator, type Path } from './locate.js';
import type {
  CommandSpec,
  JsonObject,
  ParamSpec,
  RetrySpec,
  RollbackStep,
  RunbookDefinition,
  Step,
} from './model.js';
import { explainRetiredKey } from './people/retired-keys.js';
import { structureActionInput } from './rules/structured-inputs.js';
import {
  API_VERSION,
  type RawRollback,
  type RawRunbook,
  type RawStep,
  RunbookSchema,
} from './schema.js';
import { issuesToDiagnostics } from './schema-issues.js';
import { LIMITS, validateDocument } from './validate.js';
import { checkYamlTags, findDuplicateKeys, findNonText } from './yaml-safety.js';

export type ParseResult =
  | { ok: true; runbook: RunbookDefinition; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Defaults applied by normalization; documented in docs/runbook-format.md. */
export const DEFAULTS = {
  retry: { maxAttempts: 3, initialIntervalMs: 1000, backoff: 2 },
  forEachAs: 'item',
  maxConcurrency: 4,
  onConflict: 'reject',
} as const;

function fail(
  file: string,
  code: string,
  message: string,
  at: { line: number; column: number },
  hint?: string,
): ParseResult {
  return {
    ok: false,
    diagnostics: [
      { code, severity: 'error', message, file, ...at, ...(hint === undefined ? {} : { hint }) },
    ],
  };
}

/** Parses and validates one runbook file. `file` is the path shown in diagnostics. */
export function parseRunbook(text: string, file: string): ParseResult {
  if (
    text.length > LIMITS.maxFileBytes / 4 &&
    new TextEncoder().encode(text).length > LIMITS.maxFileBytes
  ) {
    return fail(
      file,
      'RB1008',
      `the file is larger than ${LIMITS.maxFileBytes / 1024 / 1024} MiB`,
      { line: 1, column: 1 },
      'split it into child runbooks',
    );
  }
  const nonText = findNonText(text, file);
  if (nonText !== undefined) return { ok: false, diagnostics: [nonText] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    // Duplicates are found by findDuplicateKeys in linear time (the library's check is quadratic).
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
    strict: true,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: capPerFile(
        doc.errors.map((error) => {
          const from = positionAt(text, error.pos[0]);
          const to = positionAt(text, error.pos[1]);
          const duplicate = error.code === 'DUPLICATE_KEY';
          const diagnostic: Diagnostic = {
            code: duplicate ? 'RB1006' : 'RB1005',
            severity: 'error',
            message: duplicate
              ? 'duplicate key: a key may appear only once in a mapping'
              : `YAML syntax error: ${shown(error.message.split('\n')[0] ?? '')}`,
            file,
            line: from.line,
            column: from.column,
            endLine: to.line,
            endColumn: to.column,
            ...(duplicate
              ? { hint: 'remove one of the two; YAML would otherwise silently keep the last' }
              : {}),
          };
          return diagnostic;
        }),
      ),
    };
  }
  const structural = [...findDuplicateKeys(doc, text, file), ...checkYamlTags(doc, text, file)];
  if (structural.length > 0) {
    return { ok: false, diagnostics: capPerFile(structural.sort(compareDiagnostics)) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError) {
      return fail(
        file,
        'RB1007',
        `YAML aliases expand too much (more than ${LIMITS.maxAliasCount} alias uses)`,
        amplifyingAlias(doc, text),
        'write the repeated parts out, or use fewer anchors and aliases',
      );
    }
    throw error;
  }
  if (!isMap(doc.contents) || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      file,
      'RB1009',
      'this file is not a runbook: expected a mapping with apiVersion, kind, metadata and spec',
      { line: 1, column: 1 },
      `start the file with "apiVersion: ${API_VERSION}" and "kind: Runbook"`,
    );
  }
  const locator = createLocator(doc, text, file);
  const parsed = RunbookSchema.safeParse(value);
  if (!parsed.success) {
    const diagnostics = issuesToDiagnostics(parsed.error.issues, {
      schema: RunbookSchema,
      root: value,
      basePath: [],
      locator,
    });
    return {
      ok: false,
      diagnostics: capPerFile(dedupe(diagnostics).map(explainRetiredKey).sort(compareDiagnostics)),
    };
  }
  const diagnostics = capPerFile(
    dedupe(validateDocument(parsed.data, locator)).map(explainRetiredKey).sort(compareDiagnostics),
  );
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, runbook: normalize(parsed.data, locator), diagnostics };
}

/**
 * Where an alias bomb starts: the first alias whose anchored node itself holds aliases (each use
 * multiplies), else the first alias.
 */
function amplifyingAlias(doc: Document, text: string): { line: number; column: number } {
  let first: number | undefined;
  let amplifying: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      const start = alias.range?.[0];
      if (start === undefined) return undefined;
      first ??= start;
      let nested = false;
      const target = alias.resolve(doc);
      if (target !== undefined && !isAlias(target)) {
        visit(target, {
          Alias() {
            nested = true;
            return visit.BREAK;
          },
        });
      }
      if (!nested) return undefined;
      amplifying = start;
      return visit.BREAK;
    },
  });
  const offset = amplifying ?? first;
  return offset === undefined ? { line: 1, column: 1 } : positionAt(text, offset);
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Normalization: raw document → model (durations in ms, defaults applied, positions attached)

function ms(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseDuration(text);
}

function normalize(raw: RawRunbook, locator: Locator): RunbookDefinition {
  const params: Record<string, ParamSpec> = {};
  for (const [name, spec] of Object.entries(raw.spec.params ?? {})) {
    params[name] = {
      type: spec.type,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.default === undefined ? {} : { default: spec.default }),
      ...(spec.enum === undefined ? {} : { enum: spec.enum }),
      ...(spec.pattern === undefined ? {} : { pattern: spec.pattern }),
    };
  }
  const spec = raw.spec;
  const timeoutMs = ms(spec.timeout);
  const onMerge = spec.triggers?.github?.onMerge;
  return {
    apiVersion: API_VERSION,
    kind: 'Runbook',
    name: raw.metadata.name,
    ...(raw.metadata.description === undefined ? {} : { description: raw.metadata.description }),
    owners: raw.metadata.owners ?? [],
    params,
    ...(spec.concurrency === undefined
      ? {}
      : {
          concurrency: {
            key: spec.concurrency.key,
            onConflict: spec.concurrency.onConflict ?? DEFAULTS.onConflict,
          },
        }),
    ...(spec.access === undefined
      ? {}
      : {
          access: {
            people: spec.access.people ?? [],
            groups: spec.access.groups ?? [],
            ...(spec.access.slackUserGroups === undefined
              ? {}
              : { slackUserGroups: spec.access.slackUserGroups }),
            ...(spec.access.channels === undefined ? {} : { channels: spec.access.channels }),
          },
        }),
    ...(spec.triggers === undefined
      ? {}
      : {
          triggers: {
            ...(spec.triggers.slack === undefined
              ? {}
              : {
                  slack:
                    spec.triggers.slack.channel === undefined
                      ? {}
                      : { channel: spec.triggers.slack.channel },
                }),
            ...(spec.triggers.github === undefined
              ? {}
              : {
                  github:
                    onMerge === undefined
                      ? {}
                      : {
                          onMerge: {
                            branches: onMerge.branches ?? ['main'],
                            paths: onMerge.paths ?? [],
                            params: (onMerge.params ?? {}) as JsonObject,
                          },
                        },
                }),
          },
        }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    steps: spec.steps.map((step, i) => normalizeStep(step, ['spec', 'steps', i], locator)),
    onFailure: (spec.onFailure ?? []).map((step, i) =>
      normalizeStep(step, ['spec', 'onFailure', i], locator),
    ),
    file: locator.file,
  };
}

function retry(raw: RawStep['retry']): RetrySpec | undefined {
  if (raw === undefined) return undefined;
  const maxIntervalMs = ms(raw.maxInterval);
  return {
    maxAttempts: raw.maxAttempts ?? DEFAULTS.retry.maxAttempts,
    initialIntervalMs: ms(raw.initialInterval) ?? DEFAULTS.retry.initialIntervalMs,
    backoff: raw.backoff ?? DEFAULTS.retry.backoff,
    ...(maxIntervalMs === undefined ? {} : { maxIntervalMs }),
  };
}

function common(raw: RawStep | RawRollback, path: Path, locator: Locator) {
  const at = locator.at(path);
  const retrySpec = retry(raw.retry);
  const timeoutMs = ms(raw.timeout);
  return {
    ...(raw.name === undefined ? {} : { name: raw.name }),
    ...(raw.when === undefined ? {} : { when: raw.when }),
    ...(retrySpec === undefined ? {} : { retry: retrySpec }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    continueOnError: raw.continueOnError ?? false,
    env: Object.fromEntries(Object.entries(raw.env ?? {}).map(([k, v]) => [k, String(v)])),
    source: { file: locator.file, line: at.line, column: at.column },
  };
}

function command(raw: RawStep | RawRollback): CommandSpec {
  if (typeof raw.run === 'string') return { script: raw.run, shell: raw.shell ?? 'bash' };
  return { argv: raw.run ?? [] };
}

function normalizeRollback(raw: RawRollback, path: Path, locator: Locator): RollbackStep {
  const base = common(raw, path, locator);
  if (raw.run !== undefined) return { ...base, kind: 'run', command: command(raw) };
  const action = raw.uses ?? '';
  return {
    ...base,
    kind: 'uses',
    action,
    with: structureActionInput(action, (raw.with ?? {}) as JsonObject),
  };
}

function normalizeStep(raw: RawStep, path: Path, locator: Locator): Step {
  const rollback =
    raw.rollback === undefined
      ? {}
      : {
          rollback:
            raw.rollback === 'none'
              ? ('none' as const)
              : normalizeRollback(raw.rollback, [...path, 'rollback'], locator),
        };
  const base = {
    id: raw.id,
    ...common(raw, path, locator),
    ...rollback,
    outputs: raw.outputs ?? {},
  };
  if (raw.run !== undefined) return { ...base, kind: 'run', command: command(raw) };
  if (raw.uses !== undefined)
    return {
      ...base,
      kind: 'uses',
      action: raw.uses,
      with: structureActionInput(raw.uses, (raw.with ?? {}) as JsonObject),
    };
  if (raw.parallel !== undefined) {
    return {
      ...base,
      kind: 'parallel',
      steps: raw.parallel.map((s, i) => normalizeStep(s, [...path, 'parallel', i], locator)),
    };
  }
  if (raw.forEach !== undefined) {
    const f = raw.forEach;
    return {
      ...base,
      kind: 'forEach',
      items: f.items,
      as: f.as ?? DEFAULTS.forEachAs,
      maxConcurrency: f.maxConcurrency ?? DEFAULTS.maxConcurrency,
      steps: f.steps.map((s, i) => normalizeStep(s, [...path, 'forEach', 'steps', i], locator)),
    };
  }
  if (raw.runbook !== undefined)
    return {
      ...base,
      kind: 'runbook',
      runbook: raw.runbook,
      params: (raw.params ?? {}) as JsonObject,
    };
  // validateDocument refuses steps without a kind before normalization runs.
  throw new Error(`step "${raw.id}" has no kind; this is a bug in the runbook validator`);
}
