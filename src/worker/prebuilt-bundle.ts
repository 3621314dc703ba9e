/**
 * Where a worker finds the interpreter's workflow bundle built ahead of time
 * (`npm run build:bundle`, done by the image build), so it starts in about a second instead of
 * bundling the interpreter with webpack for several seconds at every start.
 *
 *   RUNBOOK_WORKFLOW_BUNDLE=<file>   use this bundle; a missing file stops the worker (RB9250)
 *   unset, running compiled code     use dist/workflow-bundle.js when it exists (the image's)
 *   unset, running the TypeScript    bundle at start: a bundle on disk could be older than src/
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RunbookError } from '../runbook/errors.js';

/** The environment variable naming a prebuilt bundle file. */
export const WORKFLOW_BUNDLE_ENV = 'RUNBOOK_WORKFLOW_BUNDLE';

/** The bundle's file name, beside the compiled code's folders (`dist/workflow-bundle.js`). */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

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

/**
 * The prebuilt bundle to load, or undefined to bundle at start. `moduleUrl` is the caller's
 * `import.meta.url` (a file under `dist/` or `src/`), which tells compiled code from source.
 */
export function prebuiltBundlePath(env: NodeJS.ProcessEnv, moduleUrl: string): string | undefined {
  const named = env[WORKFLOW_BUNDLE_ENV];
  if (named !== undefined && named.trim() !== '') {
    if (!existsSync(named)) throw new WorkflowBundleMissingError(named);
    return named;
  }
  if (!moduleUrl.endsWith('.js')) return undefined;
  const beside = fileURLToPath(new URL(`../${WORKFLOW_BUNDLE_FILE}`, moduleUrl));
  return existsSync(beside) ? beside : undefined;
}
