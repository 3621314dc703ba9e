import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkflowBundle } from '../../scripts/build/workflow-bundle.js';
import type { InterpreterBundleVariant } from '../../src/worker/create-worker.js';
import { bundleFileName } from '../../src/worker/prebuilt-bundle.js';

const built = new Map<boolean, Promise<string>>();

/**
 * The interpreter bundled ahead of time exactly as `npm run build:bundle` does, into a temp file,
 * once per test process and variant: what a worker loads with RUNBOOK_WORKFLOW_BUNDLE.
 */
export function prebuiltWorkflowBundle(
  variant: InterpreterBundleVariant = { encodedFailures: false },
): Promise<string> {
  let file = built.get(variant.encodedFailures);
  if (file === undefined) {
    file = (async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'rr-bundle-')), bundleFileName(variant));
      await buildWorkflowBundle(path, variant);
      return path;
    })();
    built.set(variant.encodedFailures, file);
  }
  return file;
}
