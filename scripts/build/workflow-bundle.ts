// Bundles the interpreter (src/workflows) for the workflow sandbox ahead of time, with exactly
// the options a worker bundles it with at start (runbookBundleOptions in
// src/worker/create-worker.ts), and writes the code to a file a worker loads with
// `workflowBundle: { codePath }` (see src/worker/prebuilt-bundle.ts). The image build runs it.
//   npm run build:bundle                   writes dist/workflow-bundle.js
//   npm run build:bundle -- <outfile>      writes elsewhere
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { runbookBundleOptions } from '../../src/worker/create-worker.js';
import { WORKFLOW_BUNDLE_FILE } from '../../src/worker/prebuilt-bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where compiled workers look for the bundle when RUNBOOK_WORKFLOW_BUNDLE is unset. */
export const DEFAULT_WORKFLOW_BUNDLE = join(root, 'dist', WORKFLOW_BUNDLE_FILE);

/** Builds the bundle into `outfile` (written whole or not at all); resolves with its size. */
export async function buildWorkflowBundle(
  outfile: string = DEFAULT_WORKFLOW_BUNDLE,
): Promise<number> {
  const { code } = await bundleWorkflowCode(runbookBundleOptions());
  await mkdir(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, outfile);
  return Buffer.byteLength(code);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile =
    process.argv[2] === undefined ? DEFAULT_WORKFLOW_BUNDLE : resolve(process.argv[2]);
  const started = performance.now();
  const bytes = await buildWorkflowBundle(outfile);
  console.log(
    `workflow bundle: ${outfile} (${Math.round(bytes / 1024)} KiB, ${Math.round(performance.now() - started)} ms)`,
  );
}
