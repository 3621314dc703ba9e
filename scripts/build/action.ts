// Bundles the GitHub Action's entry (src/action/index.ts) into one file, dist/action/index.js,
// which action.yml runs with node20 and which is committed: a job that uses the action runs it
// without npm ci. The bundle is deterministic (no timestamps, no absolute paths, stable order),
// so test/lint/action-bundle.test.ts can rebuild it and compare byte for byte.
//   node --import tsx scripts/build/action.ts            writes dist/action/index.js
//   node --import tsx scripts/build/action.ts <outfile>  writes elsewhere (the freshness test)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the committed bundle lives (action.yml's runs.main). */
export const ACTION_BUNDLE = join(root, 'dist', 'action', 'index.js');

/** Builds the bundle into `outfile`. */
export async function buildAction(outfile: string = ACTION_BUNDLE): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/action/index.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Paths in the bundle's comments stay relative to the repository, whether node_modules is a
    // folder or a link to one.
    preserveSymlinks: true,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
    // CommonJS packages in an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAction(process.argv[2] === undefined ? ACTION_BUNDLE : resolve(process.argv[2]));
}
