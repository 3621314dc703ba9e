/**
 * Where a worker finds the interpreter's workflow bundle built ahead of time
 * (`npm run build:bundle`, done by the image build), so that it does not bundle the interpreter
 * with webpack at every start (about 5.5 s of an 8.4 s start to the first run done; bench/README.md).
 *
 *   RUNBOOK_WORKFLOW_BUNDLE=<file>   use this bundle; a missing file stops the worker (RB9250)
 *   unset, running compiled code     use dist/workflow-bundle.js when it exists (the image's),
 *                                    dist/workflow-bundle.encoded-failures.js with RUNBOOK_CODEC_KEYS
 *   unset, running the TypeScript    bundle at start: a bundle on disk could be older than src/
 *
 * The two bundles differ only in their failure converter (bundle-options.ts), which the sandbox
 * takes from the bundle: a bundle that disagrees with RUNBOOK_CODEC_KEYS stops the worker (RB9253)
 * rather than write failure messages in clear text next to encrypted payloads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENCODED_FAILURES_MARKER } from '../codec/encoded-failures.js';
import { RunbookError } from '../runbook/errors.js';
import type { InterpreterBundleVariant } from './bundle-options.js';

/** The environment variable naming a prebuilt bundle file. */
export const WORKFLOW_BUNDLE_ENV = 'RUNBOOK_WORKFLOW_BUNDLE';

/** The bundle's file name, beside the compiled code's folders (`dist/workflow-bundle.js`). */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/** The bundle whose failures are encrypted, for workers with RUNBOOK_CODEC_KEYS. */
export const ENCODED_FAILURES_BUNDLE_FILE = 'workflow-bundle.encoded-failures.js';

/** The file name of a variant's bundle. */
export function bundleFileName(variant: InterpreterBundleVariant): string {
  return variant.encodedFailures ? ENCODED_FAILURES_BUNDLE_FILE : WORKFLOW_BUNDLE_FILE;
}

/** Thrown when {@link WORKFLOW_BUNDLE_ENV} names a file that is not there. */
export class WorkflowBundleMissingError extends RunbookError {
  readonly code = 'RB9250';
  readonly kind = 'environment';
  constructor(readonly path: string) {
    super(
      `${WORKFLOW_BUNDLE_ENV}=${path}: no such file. Build it with \`npm run build:bundle -- ${path}\`, ` +
        `or unset ${WORKFLOW_BUNDLE_ENV} to bundle the interpreter when the worker starts.`,
    );
  }
}

/** Thrown when a prebuilt bundle's failure encoding disagrees with RUNBOOK_CODEC_KEYS. */
export class WorkflowBundleVariantError extends RunbookError {
  readonly code = 'RB9253';
  readonly kind = 'environment';
  constructor(
    readonly path: string,
    readonly wanted: InterpreterBundleVariant,
  ) {
    super(
      wanted.encodedFailures
        ? `${path} was built without encrypted failure messages, but RUNBOOK_CODEC_KEYS is set: ` +
            `the interpreter's failure messages would be stored in clear text. Build the other ` +
            `bundle with \`npm run build:bundle -- --encoded-failures <file>\` and name it in ${WORKFLOW_BUNDLE_ENV}.`
        : `${path} was built with encrypted failure messages, but RUNBOOK_CODEC_KEYS is not set: ` +
            `failures would be stored as "Encoded failure" with no key protecting them. Set ` +
            `RUNBOOK_CODEC_KEYS, or build a bundle with \`npm run build:bundle -- <file>\`.`,
    );
  }
}

/** Whether the bundle at `path` was built with the encrypting failure converter. */
export function bundleEncodesFailures(path: string): boolean {
  return readFileSync(path, 'utf8').includes(ENCODED_FAILURES_MARKER);
}

/**
 * The prebuilt bundle to load, or undefined to bundle at start. `moduleUrl` is the caller's
 * `import.meta.url` (a file under `dist/` or `src/`), which tells compiled code from source;
 * `variant` is the failure encoding RUNBOOK_CODEC_KEYS asks for.
 * @throws WorkflowBundleMissingError (RB9250), WorkflowBundleVariantError (RB9253)
 */
export function prebuiltBundlePath(
  env: NodeJS.ProcessEnv,
  moduleUrl: string,
  variant: InterpreterBundleVariant = { encodedFailures: false },
): string | undefined {
  const named = env[WORKFLOW_BUNDLE_ENV];
  if (named !== undefined && named.trim() !== '') {
    if (!existsSync(named)) throw new WorkflowBundleMissingError(named);
    return checked(named, variant);
  }
  if (!moduleUrl.endsWith('.js')) return undefined;
  const beside = fileURLToPath(new URL(`../${bundleFileName(variant)}`, moduleUrl));
  return existsSync(beside) ? checked(beside, variant) : undefined;
}

function checked(path: string, variant: InterpreterBundleVariant): string {
  if (bundleEncodesFailures(path) !== variant.encodedFailures) {
    throw new WorkflowBundleVariantError(path, variant);
  }
  return path;
}
