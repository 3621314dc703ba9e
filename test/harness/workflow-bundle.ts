import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkflowBundle } from '../../scripts/build/workflow-bundle.js';

let built: Promise<string> | undefined;

/**
 * The interpreter bundled ahead of time exactly as `npm run build:bundle` does, into a temp file,
 * once per test process: what a worker loads with RUNBOOK_WORKFLOW_BUNDLE.
 */
export function prebuiltWorkflowBundle(): Promise<string> {
  built ??= (async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rr-bundle-')), 'workflow-bundle.js');
    await buildWorkflowBundle(file);
    return file;
  })();
  return built;
}
