// helm lint and helm template of charts/runbook-runner (helm built by scripts/helm with go
// install): the default values, a values file that flips blue/green, and the values the chart
// refuses with a message naming what to fix.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CHART_DIR,
  lintChart,
  objectOf,
  type RenderedObject,
  renderChart,
  renderError,
} from '../harness/helm.js';

const FLIPPED = 'test/fixtures/chart/green-current.yaml';
const API_KEY = 'test/fixtures/chart/api-key.yaml';

interface Container {
  name: string;
  image: string;
  args: string[];
  env: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
  }[];
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string }[];
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
}
interface PodSpec {
  serviceAccountName: string;
  terminationGracePeriodSeconds: number;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: unknown; secret?: { secretName: string } }[];
}
interface DeploymentView {
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  replicas: number;
  pod: PodSpec;
  container: Container;
  env: Map<string, string>;
}

function deployment(objects: readonly RenderedObject[], name: string): DeploymentView {
  const object = objectOf(objects, 'Deployment', name) as RenderedObject & {
    spec: {
      replicas: number;
      template: {
        metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
        spec: PodSpec;
      };
    };
  };
  const pod = object.spec.template.spec;
  const container = pod.containers[0];
  assert.ok(container, `${name} has a container`);
  const env = new Map(
    container.env.map((e) => [
      e.name,
      e.value ?? `secret:${e.valueFrom?.secretKeyRef.name}/${e.valueFrom?.secretKeyRef.key}`,
    ]),
  );
  return {
    labels: object.metadata.labels ?? {},
    podLabels: object.spec.template.metadata.labels,
    podAnnotations: object.spec.template.metadata.annotations ?? {},
    replicas: object.spec.replicas,
    pod,
    container,
    env,
  };
}

describe('helm lint', () => {
  it('passes with --strict for the default values, the flipped values and the API-key values', async () => {
    for (const valuesFiles of [[], [FLIPPED], [API_KEY]]) {
      const result = await lintChart({ valuesFiles });
      assert.equal(result.code, 0, `helm lint ${valuesFiles.join(' ')}:\n${result.output}`);
      assert.match(result.output, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it('fails on values outside values.schema.json: an unknown colour, a misspelt key', async () => {
    const purple = await lintChart({ set: { 'workers.current': 'purple' } });
    assert.notEqual(purple.code, 0);
    assert.match(purple.output, /at '\/workers\/current': value must be one of 'blue', 'green'/);
    const typo = await lintChart({ set: { 'worker.current': 'green' } });
    assert.notEqual(typo.code, 0);
    assert.match(typo.output, /additional properties 'worker' not allowed/);
  });
});

describe('helm template with the default values', () => {
  it('renders blue as the current worker with the replicas and green as a candidate with none', async () => {
    const objects = await renderChart();
    const blue = deployment(objects, 'rr-runbook-runner-worker-blue');
    const green = deployment(objects, 'rr-runbook-runner-worker-green');
    assert.equal(blue.labels['runbook-runner.dev/worker-role'], 'current');
    assert.equal(blue.podLabels['runbook-runner.dev/worker-role'], 'current');
    assert.equal(green.labels['runbook-runner.dev/worker-role'], 'candidate');
    assert.equal(blue.replicas, 2);
    assert.equal(green.replicas, 0);
    assert.equal(blue.env.get('RUNBOOK_BUILD_ID'), '0.1.0');
    assert.equal(green.env.get('RUNBOOK_BUILD_ID'), '0.2.0');
    for (const worker of [blue, green]) {
      assert.equal(worker.env.get('RUNBOOK_DEPLOYMENT_NAME'), 'runbook-runner');
      assert.deepEqual(worker.container.args, ['worker']);
    }
  });

  it('gives a worker pod the shutdown grace plus a margin before Kubernetes kills it', async () => {
    const blue = deployment(await renderChart(), 'rr-runbook-runner-worker-blue');
    assert.equal(blue.env.get('RUNBOOK_SHUTDOWN_GRACE'), '60s');
    assert.equal(blue.pod.terminationGracePeriodSeconds, 75);
    const longer = deployment(
      await renderChart({ set: { 'workers.shutdownGraceSeconds': '600' } }),
      'rr-runbook-runner-worker-blue',
    );
    assert.equal(longer.env.get('RUNBOOK_SHUTDOWN_GRACE'), '600s');
    assert.equal(longer.pod.terminationGracePeriodSeconds, 615);
  });

  it('runs every pod as non-root on a read-only root with the state folder on an emptyDir', async () => {
    const objects = await renderChart();
    for (const name of [
      'rr-runbook-runner-worker-blue',
      'rr-runbook-runner-worker-green',
      'rr-runbook-runner-server',
    ]) {
      const view = deployment(objects, name);
      assert.equal(view.pod.securityContext.runAsNonRoot, true, name);
      assert.equal(view.container.securityContext.readOnlyRootFilesystem, true, name);
      assert.equal(view.container.securityContext.allowPrivilegeEscalation, false, name);
      assert.equal(view.env.get('RUNBOOK_HOME'), '/var/lib/runbook-runner', name);
      const state = view.container.volumeMounts.find(
        (m) => m.mountPath === '/var/lib/runbook-runner',
      );
      assert.ok(state, `${name} mounts the state folder`);
      const volume = view.pod.volumes.find((v) => v.name === state.name);
      assert.ok(volume?.emptyDir, `${name}'s state folder is an emptyDir`);
    }
  });

  it('serves runbook server behind a Service with /healthz and /readyz probes', async () => {
    const objects = await renderChart();
    const server = deployment(objects, 'rr-runbook-runner-server');
    assert.deepEqual(server.container.args, ['server', '--port', '3000', '--host', '0.0.0.0']);
    assert.equal(server.container.livenessProbe?.httpGet.path, '/healthz');
    assert.equal(server.container.readinessProbe?.httpGet.path, '/readyz');
    const service = objectOf(objects, 'Service', 'rr-runbook-runner-server') as RenderedObject & {
      spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    assert.equal(service.spec.selector['app.kubernetes.io/component'], 'server');
    assert.equal(service.spec.ports[0]?.targetPort, 'http');
  });

  it('annotates worker pods for Prometheus at RUNBOOK_METRICS_ADDRESS', async () => {
    const blue = deployment(await renderChart(), 'rr-runbook-runner-worker-blue');
    assert.equal(blue.env.get('RUNBOOK_METRICS_ADDRESS'), '0.0.0.0:9464');
    assert.equal(blue.podAnnotations['prometheus.io/scrape'], 'true');
    assert.equal(blue.podAnnotations['prometheus.io/port'], '9464');
    assert.equal(blue.podAnnotations['prometheus.io/path'], '/metrics');
  });

  it('renders the Grafana dashboard ConfigMap only when dashboards/runbook-runner.json is in the chart', async () => {
    // Copies of the chart without and with the file (the metrics work adds the real one).
    const copy = () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'rr-chart-')), 'runbook-runner');
      cpSync(CHART_DIR, dir, { recursive: true });
      rmSync(join(dir, 'dashboards'), { recursive: true, force: true });
      return dir;
    };
    const without = await renderChart({ chartDir: copy() });
    assert.equal(without.filter((o) => o.kind === 'ConfigMap').length, 0);
    const chartDir = copy();
    mkdirSync(join(chartDir, 'dashboards'));
    const dashboard = JSON.stringify({ title: 'runbook-runner', panels: [] });
    writeFileSync(join(chartDir, 'dashboards', 'runbook-runner.json'), dashboard);
    const withIt = await renderChart({ chartDir });
    const configMap = objectOf(
      withIt,
      'ConfigMap',
      'rr-runbook-runner-dashboard',
    ) as RenderedObject & {
      data: Record<string, string>;
    };
    assert.equal(configMap.metadata.labels?.grafana_dashboard, '1');
    assert.deepEqual(
      JSON.parse(configMap.data['runbook-runner.json'] ?? ''),
      JSON.parse(dashboard),
    );
  });

  it('grants the workers no namespace until rbac.namespaces lists one', async () => {
    const objects = await renderChart();
    const roles = objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.name);
    assert.deepEqual(roles, ['rr-runbook-runner-worker-rollout']);
    assert.equal(objects.filter((o) => o.kind === 'ClusterRole').length, 0);
  });
});

describe('helm template with blue and green flipped', () => {
  it('flips the current label, the replicas and keeps each colour on its own build id and tag', async () => {
    const objects = await renderChart({ valuesFiles: [FLIPPED] });
    const blue = deployment(objects, 'rr-runbook-runner-worker-blue');
    const green = deployment(objects, 'rr-runbook-runner-worker-green');
    assert.equal(green.labels['runbook-runner.dev/worker-role'], 'current');
    assert.equal(green.podLabels['runbook-runner.dev/worker-role'], 'current');
    assert.equal(blue.labels['runbook-runner.dev/worker-role'], 'candidate');
    assert.equal(blue.podLabels['runbook-runner.dev/worker-role'], 'candidate');
    assert.equal(green.replicas, 2);
    assert.equal(blue.replicas, 0);
    assert.equal(green.env.get('RUNBOOK_BUILD_ID'), '0.2.0');
    assert.equal(blue.env.get('RUNBOOK_BUILD_ID'), '0.1.0');
    assert.equal(green.container.image, 'runbook-runner:0.2.0');
    assert.equal(blue.container.image, 'runbook-runner:0.1.0');
    assert.equal(green.podLabels['runbook-runner.dev/build-id'], '0.2.0');
  });

  it('reads the Temporal mTLS files, the GitHub App key and every credential from Secrets', async () => {
    const objects = await renderChart({ valuesFiles: [FLIPPED] });
    const worker = deployment(objects, 'rr-runbook-runner-worker-green');
    const server = deployment(objects, 'rr-runbook-runner-server');
    for (const view of [worker, server]) {
      assert.equal(view.env.get('TEMPORAL_ADDRESS'), 'temporal.example.internal:7233');
      assert.equal(view.env.get('TEMPORAL_NAMESPACE'), 'prod');
      assert.equal(view.env.get('TEMPORAL_TLS'), 'true');
      assert.equal(view.env.get('TEMPORAL_TLS_SERVER_NAME'), 'temporal.example.internal');
      assert.equal(view.env.get('TEMPORAL_TLS_CA'), '/etc/runbook-runner/temporal-tls/ca.crt');
      assert.equal(view.env.get('TEMPORAL_TLS_CERT'), '/etc/runbook-runner/temporal-tls/tls.crt');
      assert.equal(view.env.get('TEMPORAL_TLS_KEY'), '/etc/runbook-runner/temporal-tls/tls.key');
      assert.equal(view.env.get('RUNBOOK_REPO'), 'https://github.com/example/runbooks.git');
      assert.equal(view.env.get('GITHUB_APP_ID'), '123456');
      assert.equal(
        view.env.get('GITHUB_APP_PRIVATE_KEY_FILE'),
        '/etc/runbook-runner/github-app/private-key.pem',
      );
      assert.equal(view.env.get('SLACK_BOT_TOKEN'), 'secret:slack/bot-token');
      assert.equal(view.env.get('RUNBOOK_CODEC_KEYS'), 'secret:codec/codec-keys');
      const secrets = view.pod.volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : []));
      assert.deepEqual(secrets.sort(), ['github-app', 'temporal-mtls']);
    }
    // Only the server verifies webhooks, checks Slack signatures and signs votes.
    assert.equal(server.env.get('GITHUB_WEBHOOK_SECRET'), 'secret:github-webhook/webhook-secret');
    assert.equal(server.env.get('SLACK_SIGNING_SECRET'), 'secret:slack/signing-secret');
    assert.equal(server.env.get('RUNBOOK_VOTE_SIGNING_KEY'), 'secret:votes/signing-key');
    for (const name of [
      'GITHUB_WEBHOOK_SECRET',
      'SLACK_SIGNING_SECRET',
      'RUNBOOK_VOTE_SIGNING_KEY',
    ]) {
      assert.equal(worker.env.has(name), false, `workers do not get ${name}`);
    }
    assert.match(worker.env.get('RUNBOOK_VOTE_PUBLIC_KEYS') ?? '', /^k1=/);
    assert.equal(server.pod.serviceAccountName, 'rr-runbook-runner-server');
    assert.equal(worker.pod.serviceAccountName, 'rr-runbook-runner-worker');
  });

  it('puts a Role and a RoleBinding for the workers in each namespace of rbac.namespaces', async () => {
    const objects = await renderChart({ valuesFiles: [FLIPPED] });
    for (const namespace of ['team-a', 'team-b']) {
      const role = objects.find((o) => o.kind === 'Role' && o.metadata.namespace === namespace) as
        | (RenderedObject & { rules: { resources: string[]; verbs: string[] }[] })
        | undefined;
      assert.ok(role, `a Role in ${namespace}`);
      const verbsOn = (resource: string) =>
        role.rules.filter((r) => r.resources.includes(resource)).flatMap((r) => r.verbs);
      assert.deepEqual(verbsOn('deployments'), ['get', 'list', 'watch', 'patch']);
      assert.deepEqual(verbsOn('replicasets'), ['list']);
      assert.deepEqual(verbsOn('secrets'), []);
      assert.deepEqual(verbsOn('configmaps'), ['get', 'create', 'patch', 'update', 'delete']);
      const binding = objects.find(
        (o) => o.kind === 'RoleBinding' && o.metadata.namespace === namespace,
      ) as (RenderedObject & { subjects: { name: string; namespace: string }[] }) | undefined;
      assert.deepEqual(
        binding?.subjects.map((s) => `${s.namespace}/${s.name}`),
        ['runbooks/rr-runbook-runner-worker'],
      );
    }
  });

  it('adds the ServiceMonitor over a headless Service of the workers', async () => {
    const objects = await renderChart({ valuesFiles: [FLIPPED] });
    const service = objectOf(
      objects,
      'Service',
      'rr-runbook-runner-worker-metrics',
    ) as RenderedObject & {
      spec: { clusterIP: string; selector: Record<string, string> };
    };
    assert.equal(service.spec.clusterIP, 'None');
    assert.equal(service.spec.selector['app.kubernetes.io/component'], 'worker');
    objectOf(objects, 'ServiceMonitor', 'rr-runbook-runner-workers');
  });

  it('sends the API key from its Secret and turns TLS on without mounting certificates', async () => {
    const objects = await renderChart({ valuesFiles: [API_KEY] });
    const worker = deployment(objects, 'rr-runbook-runner-worker-blue');
    assert.equal(worker.env.get('TEMPORAL_API_KEY'), 'secret:temporal-cloud/api-key');
    assert.equal(worker.env.get('TEMPORAL_TLS'), 'true');
    assert.equal(worker.env.has('TEMPORAL_TLS_CERT'), false);
    assert.equal(worker.env.get('GITHUB_TOKEN'), 'secret:github-token/token');
    assert.equal(worker.env.get('RUNBOOK_REPO_TOKEN'), 'secret:github-token/token');
  });
});

describe('values the chart refuses', () => {
  it('refuses the same build id for blue and green', async () => {
    const output = await renderError({ set: { 'workers.green.buildId': '0.1.0' } });
    assert.match(output, /workers\.blue\.buildId and workers\.green\.buildId are both "0\.1\.0"/);
  });

  it('refuses a current colour that is disabled', async () => {
    const output = await renderError({
      set: { 'workers.current': 'green', 'workers.green.enabled': 'false' },
    });
    assert.match(output, /workers\.current is green but workers\.green\.enabled is false/);
  });

  it('refuses a GitHub App without its private key Secret', async () => {
    const output = await renderError({ set: { 'github.app.id': '42' } });
    assert.match(output, /github\.app\.privateKey\.secretName is required/);
  });
});
