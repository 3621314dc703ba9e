// Bundles the interpreter (src/workflows) for the workflow sandbox ahead of time, with exactly
// the options a worker bundles it with at start (runbookBundleOptions in
// src/worker/bundle-options.ts), and writes the code to a file a worker loads with
// `workflowBundle: { codePath }` (see src/worker/prebuilt-bundle.ts). The image build runs it.
//   npm run build:bundle                                  writes both variants into dist/:
//       workflow-bundle.js                    failure messages as the SDK writes them (no codec)
//       workflow-bundle.encoded-failures.js   failure messages encrypted (RUNBOOK_CODEC_KEYS set)
//   npm run build:bundle -- <outfile>                     writes the first variant elsewhere
//   npm run build:bundle -- --encoded-failures <outfile>  writes the second variant elsewhere
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  type InterpreterBundleVariant,
  runbookBundleOptions,
} from '../../src/worker/create-worker.js';
import { bundleFileName } from '../../src/worker/prebuilt-bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLAIN: InterpreterBundleVariant = { encodedFailures: false };

/** Where compiled workers look for a variant's bundle when RUNBOOK_WORKFLOW_BUNDLE is unset. */
export function defaultWorkflowBundle(variant: InterpreterBundleVariant = PLAIN): string {
  return join(root, 'dist', bundleFileName(variant));
}

/** Builds one variant into `outfile` (written whole or not at all); resolves with its size. */
export async function buildWorkflowBundle(
  outfile: string = defaultWorkflowBundle(),
  variant: InterpreterBundleVariant = PLAIN,
): Promise<number> {
  const { code } = await bundleWorkflowCode(runbookBundleOptions(variant));
  await mkdir(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, outfile);
  return Buffer.byteLength(code);
}

async function buildAndReport(outfile: string, variant: InterpreterBundleVariant): Promise<void> {
  const started = performance.now();
  const bytes = await buildWorkflowBundle(outfile, variant);
  console.log(
    `workflow bundle: ${outfile} (${Math.round(bytes / 1024)} KiB, ${Math.round(performance.now() - started)} ms)`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const encodedFailures = args.includes('--encoded-failures');
  const files = args.filter((arg) => arg !== '--encoded-failures');
  if (files.length > 1 || files.some((file) => file.startsWith('-'))) {
    console.error('usage: npm run build:bundle -- [--encoded-failures] [<outfile>]');
    process.exit(2);
  }
  const [outfile] = files;
  if (outfile !== undefined) {
    await buildAndReport(resolve(outfile), { encodedFailures });
  } else if (encodedFailures) {
    await buildAndReport(defaultWorkflowBundle({ encodedFailures }), { encodedFailures });
  } else {
    for (const variant of [PLAIN, { encodedFailures: true }]) {
      await buildAndReport(defaultWorkflowBundle(variant), variant);
    }
  }
}
