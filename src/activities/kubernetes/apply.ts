/**
 * `kubernetes.apply`: server-side apply of one or more YAML documents, inline or from a file in
 * the run's checkout, under the field manager `runbook-runner`. Namespaced and cluster-scoped
 * kinds; objects are applied in document order.
 *
 * Secrets: outputs, dry-run objects and diffs show `<redacted: N bytes>` markers instead of
 * values; an existing Secret is saved to a backup Secret before it is changed and the undo record
 * names the backup (see secret-backup.ts); failure messages are scrubbed of the values.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { parseAllDocuments } from 'yaml';
import { ApplyInput } from '../../runbook/actions/index.js';
import { describeRef, objectPath } from './cluster.js';
import { objectDiff } from './diff.js';
import type { ActionEnv } from './env.js';
import { isNotFound, kubeCall } from './errors.js';
import { asObject, metadataOf, parseInput, userFields } from './objects.js';
import { backupSecret, deleteBackup, deleteBackupQuietly } from './secret-backup.js';
import { isSecret, redactNullable, scrubFailure, secretStrings } from './secret-redaction.js';
import type { JsonObject, KubernetesResult, RestoreItem, RestoreUndo } from './types.js';
import { patchObject } from './write.js';

/** The rendered `with:` of `kubernetes.apply` plus the run's checkout (run context). */
export type ApplyActivityInput = ApplyInput & {
  readonly checkoutDir?: string;
  readonly checkoutRoot?: string;
};

export async function apply(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const { checkoutDir, checkoutRoot, rest } = splitCheckout(raw);
  const input = { ...parseInput(ApplyInput, rest, 'kubernetes.apply'), checkoutDir, checkoutRoot };
  const cluster = env.cluster(input.cluster);
  const source = typeof input.file === 'string' ? input.file : 'the inline manifest';
  const documents = Array.isArray(input.manifest)
    ? checkDocuments(input.manifest as unknown[], source)
    : await manifestText(input).then((read) => parseManifest(read.text, read.source));

  const items: RestoreItem[] = [];
  const results: JsonObject[] = [];
  const diffs: string[] = [];
  const undoOf = (): RestoreUndo => ({
    version: 1,
    action: 'restore',
    source: 'apply',
    ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
    items: [...items],
  });

  for (const [index, document] of documents.entries()) {
    const metadata = metadataOf(document);
    const kind = String(document.kind);
    // Values to scrub from a failure: the manifest's, then also the live Secret's once read.
    let secretValues = isSecret(document) ? secretStrings(document) : [];
    try {
      const { ref, info } = await kubeCall({ verb: 'get', cluster }, () =>
        cluster.resolve({
          apiVersion: String(document.apiVersion),
          kind,
          name: String(metadata.name),
          namespace: typeof metadata.namespace === 'string' ? metadata.namespace : input.namespace,
        }),
      );
      const at = { cluster, ref, info };
      const body: JsonObject = {
        ...document,
        metadata:
          ref.namespace !== undefined ? { ...metadata, namespace: ref.namespace } : metadata,
      };
      const previous = await kubeCall({ verb: 'get', ...at }, async () => {
        try {
          return await cluster.rest.request<JsonObject>({
            method: 'GET',
            path: objectPath(info, ref),
          });
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      });
      const secret = isSecret(ref);
      if (secret) secretValues = secretStrings(document, previous);
      // Save an existing Secret's data in the cluster, not in the undo record.
      const backup =
        secret && previous !== null && !input.dryRun ? await backupSecret(at, previous) : undefined;
      let applied: JsonObject;
      try {
        applied = await patchObject(at, 'apply', body, {
          dryRun: input.dryRun,
          force: input.force,
        });
      } catch (error) {
        if (backup !== undefined) await deleteBackupQuietly(at, backup);
        throw error;
      }
      const before = previous === null ? undefined : String(metadataOf(previous).resourceVersion);
      const after = String(metadataOf(applied).resourceVersion);
      const action = previous === null ? 'created' : before === after ? 'unchanged' : 'configured';
      if (backup !== undefined && action === 'unchanged') await deleteBackup(at, backup);
      const kept = backup !== undefined && action !== 'unchanged' ? backup : undefined;
      results.push({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace ?? null,
        action,
        ...(input.dryRun ? { object: redactNullable(userFields(applied)) } : {}),
        ...(kept !== undefined ? { backup: kept } : {}),
      });
      if (input.dryRun) {
        const diff = objectDiff(describeRef(ref, info), previous, applied);
        if (diff !== '') diffs.push(diff);
      } else if (kept !== undefined) {
        items.push({ target: ref, backup: kept });
      } else if (action !== 'unchanged') {
        items.push({ target: ref, previous: previous === null ? null : userFields(previous) });
      }
    } catch (caught) {
      const error = scrubFailure(caught, secretValues);
      // Objects applied before this one stay applied: hand their undo record to the caller.
      if (error instanceof ApplicationFailure && items.length > 0) {
        throw ApplicationFailure.create({
          type: error.type ?? 'KubernetesApplyFailed',
          nonRetryable: error.nonRetryable === true,
          message: `document ${index + 1} of ${source} (${kind} "${String(metadata.name)}"): ${error.message} (${items.length} earlier objects were applied; details[1].undo restores them)`,
          details: [...(error.details ?? [{}]), { undo: undoOf() as unknown as JsonObject }],
          cause: error,
        });
      }
      throw error;
    }
  }

  const outputs: JsonObject = { objects: results };
  if (input.dryRun) return { outputs: { ...outputs, dryRun: true, diff: diffs.join('\n') } };
  return items.length > 0 ? { outputs, undo: undoOf() } : { outputs };
}

/**
 * The manifest text: inline, or a file resolved against the runbook's folder (`checkoutDir`) that
 * must stay inside the checkout (`checkoutRoot`, else `checkoutDir`) after symlinks are resolved.
 */
async function manifestText(input: {
  manifest?: string | unknown[] | undefined;
  file?: string | undefined;
  checkoutDir?: string | undefined;
  checkoutRoot?: string | undefined;
}): Promise<{ text: string; source: string }> {
  if (typeof input.manifest === 'string') {
    return { text: input.manifest, source: 'the inline manifest' };
  }
  const file = input.file as string;
  const base = path.resolve(input.checkoutDir ?? process.cwd());
  const full = path.resolve(base, file);
  if (input.checkoutDir === undefined)
    return { text: await readManifest(full, file), source: file };
  const lexicalRoot = path.resolve(input.checkoutRoot ?? base);
  const lexical = path.relative(lexicalRoot, full);
  if (lexical.startsWith('..') || path.isAbsolute(lexical)) throw outside(file, false);
  let root: string;
  let real: string;
  try {
    root = await realpath(path.resolve(input.checkoutRoot ?? base));
    real = await realpath(full);
  } catch (error) {
    throw cannotRead(file, full, error);
  }
  const inside = path.relative(root, real);
  if (inside.startsWith('..') || path.isAbsolute(inside)) throw outside(file, real !== full);
  const info = await stat(real).catch((error: unknown) => {
    throw cannotRead(file, full, error);
  });
  if (!info.isFile()) {
    throw ApplicationFailure.create({
      type: 'KubernetesInvalidInput',
      nonRetryable: true,
      message: `file "${file}" is not a regular file (a directory, FIFO or device); give a YAML file`,
    });
  }
  return { text: await readManifest(real, file), source: file };
}

function outside(file: string, throughLink: boolean): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'KubernetesInvalidInput',
    nonRetryable: true,
    message: `file "${file}" points outside the checkout${throughLink ? ' (through a symbolic link)' : ''}; give a path inside the repository, relative to the runbook's folder`,
  });
}

async function readManifest(full: string, file: string): Promise<string> {
  try {
    return await readFile(full, 'utf8');
  } catch (error) {
    throw cannotRead(file, full, error);
  }
}

function cannotRead(file: string, full: string, error: unknown): ApplicationFailure {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return ApplicationFailure.create({
    type: 'KubernetesInvalidInput',
    nonRetryable: true,
    message: `cannot read manifest file "${file}" (resolved to ${full}): ${code}`,
    cause: error as Error,
  });
}

/**
 * Separates the run's checkout (given by the worker, never by the runbook author: a `with:` that
 * named `checkoutRoot: /` could read any file) from the `with:` that the registry's schema parses.
 */
function splitCheckout(raw: unknown): {
  checkoutDir: string | undefined;
  checkoutRoot: string | undefined;
  rest: unknown;
} {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { checkoutDir: undefined, checkoutRoot: undefined, rest: raw };
  }
  const { checkoutDir, checkoutRoot, ...rest } = raw as Record<string, unknown>;
  for (const [name, value] of [
    ['checkout directory', checkoutDir],
    ['checkout root', checkoutRoot],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw ApplicationFailure.create({
        type: 'KubernetesInvalidInput',
        nonRetryable: true,
        message: `kubernetes.apply: the ${name} must be a non-empty path, not ${JSON.stringify(value)}; this is a bug in the worker`,
      });
    }
  }
  return {
    checkoutDir: checkoutDir as string | undefined,
    checkoutRoot: checkoutRoot as string | undefined,
    rest,
  };
}

/** Splits a multi-document manifest, skipping empty documents; each must name kind and metadata.name. */
export function parseManifest(text: string, source: string): JsonObject[] {
  const documents: JsonObject[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    const where = `document ${index + 1} of ${source}`;
    if (document.errors.length > 0) {
      // Only the first line: the rest quotes the manifest, which may hold a Secret's values.
      const said = (document.errors[0]?.message ?? '').split('\n')[0]?.replace(/:$/, '');
      throw invalid(`${where} is not valid YAML: ${said}`);
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    documents.push(checkDocument(value, where));
  }
  if (documents.length === 0) throw invalid(`${source} contains no Kubernetes objects`);
  return documents;
}

/** Already parsed documents (the definition's structured manifest), each checked like a parsed one. */
function checkDocuments(values: readonly unknown[], source: string): JsonObject[] {
  const documents = values.map((value, index) =>
    checkDocument(value, `document ${index + 1} of ${source}`),
  );
  if (documents.length === 0) throw invalid(`${source} contains no Kubernetes objects`);
  return documents;
}

function checkDocument(value: unknown, where: string): JsonObject {
  const object = asObject(value as JsonObject);
  if (object === undefined) throw invalid(`${where} is not a mapping`);
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw invalid(`${where} needs apiVersion and kind`);
  }
  if (typeof metadataOf(object).name !== 'string') throw invalid(`${where} needs metadata.name`);
  return object;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'KubernetesInvalidInput', nonRetryable: true, message });
}
