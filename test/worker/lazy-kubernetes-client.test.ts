// A worker loads @kubernetes/client-node only when a Kubernetes step first runs: importing it costs
// about 0.7 s of every worker start (bench/worker-scale.ts (d)). A child process records every
// resolution of the package through a module resolve hook, so a static import anywhere on the
// worker's path fails the first test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from '../../src/testing/toolchain.js';

const run = promisify(execFile);

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier === '@kubernetes/client-node') appendFileSync(process.env.RR_RESOLVED_LOG, specifier + '\\n');
  return next(specifier, context);
}
`;

/** Runs `body` (ESM, top-level await) in a child with the hook; returns the packages it resolved. */
async function resolvedBy(body: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-lazy-k8s-'));
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  const script = join(dir, 'child.mjs');
  const log = join(dir, 'resolved.log');
  writeFileSync(hooks, HOOKS);
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(script, body);
  writeFileSync(log, '');
  await run(process.execPath, ['--import', 'tsx', '--import', register, script], {
    cwd: repoRoot,
    env: { ...process.env, RR_RESOLVED_LOG: log },
    timeout: 120_000,
  });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const src = (path: string) => JSON.stringify(pathToFileURL(join(repoRoot, 'src', path)).href);

const CREATE_ACTIVITIES = `
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
await import(${src('worker/create-worker.ts')});
const { createWorkerActivities } = await import(${src('worker/activities.ts')});
const scratch = mkdtempSync(join(tmpdir(), 'rr-lazy-k8s-worker-'));
globalThis.activities = createWorkerActivities({
  logDir: join(scratch, 'logs'),
  checkoutCacheDir: join(scratch, 'checkouts'),
  env: {},
  kubernetes: { kubeconfigPath: join(scratch, 'no-such-kubeconfig') },
});
`;

describe('the Kubernetes client is loaded on first use', () => {
  it('a worker and its activities are created without loading @kubernetes/client-node', async () => {
    assert.deepEqual(await resolvedBy(CREATE_ACTIVITIES), []);
  });

  it('the first Kubernetes step loads it (and fails on the missing kubeconfig as before)', async () => {
    const resolved = await resolvedBy(`${CREATE_ACTIVITIES}
const failure = await globalThis.activities
  .kubernetesGet({ kind: 'ConfigMap', name: 'x', namespace: 'default' })
  .then(() => 'succeeded', (error) => error.type);
if (failure !== 'KubernetesConfigError') throw new Error('expected KubernetesConfigError, got ' + failure);
`);
    assert.ok(resolved.includes('@kubernetes/client-node'), resolved.join(', '));
  });
});
