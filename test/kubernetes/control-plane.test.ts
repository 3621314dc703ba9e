import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { kubeVersions, startKubeControlPlane } from '../../src/testing/kube-control-plane.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local Kubernetes control plane', () => {
  it('serves the pinned Kubernetes version on loopback, and stop() leaves no process behind', async () => {
    const plane = await startKubeControlPlane();
    const runDir = plane.runDir as string;
    const pidFiles = await readdir(join(runDir, 'pids'));
    const pids = await Promise.all(
      pidFiles.map(async (f) => Number((await readFile(join(runDir, 'pids', f), 'utf8')).trim())),
    );
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(plane.kubeconfigPath);
      assert.match(kc.getCurrentCluster()?.server ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
      const version = await kc.makeApiClient(VersionApi).getCode();
      assert.equal(version.gitVersion, kubeVersions().KUBERNETES_VERSION);
      for (const name of [
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kwok',
        'watchdog',
      ]) {
        assert.ok(pidFiles.includes(`${name}.pid`), `${name} is recorded in the run dir`);
      }
      assert.ok(pids.every(alive));
    } finally {
      await plane.stop();
    }
    assert.deepEqual(pids.filter(alive), [], 'every recorded process has exited');
  });
});
