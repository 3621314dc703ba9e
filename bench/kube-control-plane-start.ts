/**
 * How long the local Kubernetes control plane takes to start once built, and how long a
 * setImage → rolloutStatus → undo → rolloutStatus cycle takes on it. Prints one line per run.
 *
 *   node --import tsx bench/kube-control-plane-start.ts [runs=3]
 */
import { performance } from 'node:perf_hooks';
import { createKubernetesActivities } from '../src/activities/kubernetes/index.js';
import { startKubeControlPlane } from '../src/testing/kube-control-plane.js';

const runs = Number(process.argv[2] ?? 3);
for (let run = 1; run <= runs; run++) {
  const t0 = performance.now();
  const plane = await startKubeControlPlane();
  const started = performance.now() - t0;
  try {
    const k8s = createKubernetesActivities({ kubeconfigPath: plane.kubeconfigPath });
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: default }',
      'spec:',
      '  replicas: 3',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec: { containers: [{ name: web, image: "registry.invalid/web:1" }] }',
    ].join('\n');
    await k8s.kubernetesApply({ manifest });
    await k8s.kubernetesRolloutStatus({ namespace: 'default', name: 'web' });
    const t1 = performance.now();
    const { undo } = await k8s.kubernetesSetImage({
      namespace: 'default',
      name: 'web',
      containers: { web: 'registry.invalid/web:2' },
    });
    await k8s.kubernetesRolloutStatus({ namespace: 'default', name: 'web' });
    if (undo) await k8s.kubernetesUndo(undo);
    await k8s.kubernetesRolloutStatus({ namespace: 'default', name: 'web' });
    const cycle = performance.now() - t1;
    console.log(
      `run ${run}: control plane ready in ${(started / 1000).toFixed(1)} s; ` +
        `setImage+rollout+undo+rollout (3 replicas) in ${(cycle / 1000).toFixed(1)} s`,
    );
  } finally {
    await plane.stop();
  }
}
