import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import {
  createKubernetesActivities,
  type KubernetesActivities,
  type KubernetesResult,
  type RestoreUndo,
} from '../../src/activities/kubernetes/index.js';
import { runActivity } from '../harness/activity.js';
import { createNamespace, type KubeFixture, useKube } from '../harness/kube.js';

const ORIGINAL = 'original-p4ssw0rd-7f3a9c';
const ROTATED = 'rotated-p4ssw0rd-e81d22';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const BACKUPS = 'runbook-runner.dev/undo-backup=true';

/** The result as workflow history would store it holds neither value, in either encoding. */
function assertNoValues(result: unknown, ...values: string[]): void {
  const json = JSON.stringify(result);
  for (const value of values) {
    assert.ok(!json.includes(value), `found "${value}" in ${json}`);
    assert.ok(!json.includes(b64(value)), `found base64 of "${value}" in ${json}`);
  }
}

describe('Secrets: no value in outputs, diffs or undo records, and undo from a backup Secret', () => {
  let kube: KubeFixture;
  let k8s: KubernetesActivities;

  useKube((started) => {
    kube = started;
    k8s = createKubernetesActivities({ kubeconfigPath: started.plane.kubeconfigPath });
  });

  const manifest = (password: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ntype: Opaque\nstringData: { password: ${password}, user: admin }\n`;
  const readPassword = async (namespace: string) => {
    const secret = await kube.core.readNamespacedSecret({ name: 'db', namespace });
    return Buffer.from(secret.data?.password ?? '', 'base64').toString('utf8');
  };
  const backups = async (namespace: string) =>
    (await kube.core.listNamespacedSecret({ namespace, labelSelector: BACKUPS })).items;

  it('apply over a Secret returns no value, names a backup in its undo record, and undo restores the old value', async () => {
    const namespace = await createNamespace(kube, 'secret-apply');
    const created = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: manifest(ORIGINAL),
    });
    assertNoValues(created.result, ORIGINAL);
    assert.equal(await readPassword(namespace), ORIGINAL);

    const { result } = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: manifest(ROTATED),
    });
    assertNoValues(result, ORIGINAL, ROTATED);
    assert.equal(await readPassword(namespace), ROTATED);
    const undo = result.undo as RestoreUndo;
    const item = undo.items[0];
    assert.ok(item !== undefined && 'backup' in item, 'the undo item names a backup');
    assert.match(item.backup, /^db\.runbook-undo\.[0-9a-f]{10}$/);
    const objects = result.outputs.objects as Array<{ action: string; backup?: string }>;
    assert.equal(objects[0]?.action, 'configured');
    assert.equal(objects[0]?.backup, item.backup);

    const [backup, ...more] = await backups(namespace);
    assert.equal(more.length, 0);
    assert.equal(backup?.metadata?.name, item.backup);
    assert.equal(backup?.metadata?.labels?.['app.kubernetes.io/managed-by'], 'runbook-runner');
    assert.equal(backup?.metadata?.ownerReferences, undefined);
    assert.equal(backup?.metadata?.annotations?.['runbook-runner.dev/backup-of'], 'db');
    const expires = Date.parse(
      backup?.metadata?.annotations?.['runbook-runner.dev/expires-at'] ?? '',
    );
    assert.ok(expires > Date.now(), 'the backup has an expiry in the future');

    const undone = await runActivity(k8s.kubernetesUndo, undo);
    assertNoValues(undone.result, ORIGINAL, ROTATED);
    assert.equal(await readPassword(namespace), ORIGINAL);
    const restored = await kube.core.readNamespacedSecret({ name: 'db', namespace });
    assert.equal(Buffer.from(restored.data?.user ?? '', 'base64').toString(), 'admin');
    assert.equal((await backups(namespace)).length, 0, 'undo deletes the backup');

    await assert.rejects(runActivity(k8s.kubernetesUndo, undo), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'KubernetesUndoBackupMissing');
      assert.match(
        error.message,
        /undo backup Secret "db\.runbook-undo\.[0-9a-f]+" does not exist/,
      );
      return true;
    });
    assert.equal(await readPassword(namespace), ORIGINAL);
  });

  it('undo of an apply that created a Secret deletes it, with no value recorded', async () => {
    const namespace = await createNamespace(kube, 'secret-create');
    const { result } = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: manifest(ORIGINAL),
    });
    assertNoValues(result, ORIGINAL);
    assert.deepEqual((result.undo as RestoreUndo).items[0], {
      target: { apiVersion: 'v1', kind: 'Secret', name: 'db', namespace },
      previous: null,
    });
    await runActivity(k8s.kubernetesUndo, result.undo as RestoreUndo);
    await assert.rejects(kube.core.readNamespacedSecret({ name: 'db', namespace }));
  });

  it('re-applying an unchanged Secret records no undo and leaves no backup', async () => {
    const namespace = await createNamespace(kube, 'secret-same');
    await runActivity(k8s.kubernetesApply, { namespace, manifest: manifest(ORIGINAL) });
    const again = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: manifest(ORIGINAL),
    });
    assert.equal(
      (again.result.outputs.objects as Array<{ action: string }>)[0]?.action,
      'unchanged',
    );
    assert.equal(again.result.undo, undefined);
    assert.equal((await backups(namespace)).length, 0);
  });

  for (const [title, patch] of [
    [
      'a strategic-merge patch of stringData',
      { type: 'strategic', patch: { stringData: { password: ROTATED } } },
    ],
    [
      'a JSON patch of data',
      { type: 'json', patch: [{ op: 'replace', path: '/data/password', value: b64(ROTATED) }] },
    ],
  ] as const) {
    it(`${title} returns no value and its undo restores the old value from the backup`, async () => {
      const namespace = await createNamespace(kube, 'secret-patch');
      await kube.core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: 'db' }, stringData: { password: ORIGINAL } },
      });
      const { result } = await runActivity(k8s.kubernetesPatch, {
        namespace,
        kind: 'Secret',
        name: 'db',
        ...patch,
      } as Parameters<KubernetesActivities['kubernetesPatch']>[0]);
      assertNoValues(result, ORIGINAL, ROTATED);
      assert.equal(result.outputs.changed, true);
      assert.deepEqual((result.outputs.object as { data: unknown }).data, {
        password: `<redacted: ${ROTATED.length} bytes>`,
      });
      assert.equal(await readPassword(namespace), ROTATED);
      const item = (result.undo as RestoreUndo).items[0];
      assert.ok(item !== undefined && 'backup' in item);
      assert.equal((await backups(namespace)).length, 1);

      await runActivity(k8s.kubernetesUndo, result.undo as RestoreUndo);
      assert.equal(await readPassword(namespace), ORIGINAL);
      assert.equal((await backups(namespace)).length, 0);
    });
  }

  it('dry runs of apply, patch and delete show which keys change, never a value, and make no backup', async () => {
    const namespace = await createNamespace(kube, 'secret-dry-run');
    await kube.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'db' }, stringData: { password: ORIGINAL, user: 'admin' } },
    });
    const applied = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: manifest(ROTATED),
      force: true,
      dryRun: 'All',
    });
    const patched = await runActivity(k8s.kubernetesPatch, {
      namespace,
      kind: 'Secret',
      name: 'db',
      patch: { stringData: { password: ROTATED } },
      dryRun: 'All',
    });
    const deleted = await runActivity(k8s.kubernetesDelete, {
      namespace,
      kind: 'Secret',
      name: 'db',
      dryRun: 'All',
    });
    for (const { result } of [applied, patched, deleted] as Array<{ result: KubernetesResult }>) {
      assertNoValues(result, ORIGINAL, ROTATED);
      assert.equal(result.undo, undefined);
    }
    for (const { result } of [applied, patched]) {
      const diff = String(result.outputs.diff);
      assert.match(diff, /^\+ {3}password: "<redacted: \d+ bytes, changed>"$/m, diff);
      assert.match(diff, /^- {3}password: "<redacted: \d+ bytes>"$/m, diff);
      assert.doesNotMatch(diff, /[-+] {3}user:/, 'an unchanged key is not shown as changed');
    }
    assert.match(String(deleted.result.outputs.diff), /^- {3}password: "<redacted: \d+ bytes>"$/m);
    assert.equal(await readPassword(namespace), ORIGINAL);
    assert.equal((await backups(namespace)).length, 0);
  });

  it('get and waitFor of a Secret return metadata and key names, never values or the last-applied annotation', async () => {
    const namespace = await createNamespace(kube, 'secret-get');
    const lastApplied = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace },
      data: { password: b64(ORIGINAL) },
    });
    await kube.core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name: 'db',
          labels: { app: 'api' },
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        },
        stringData: { password: ORIGINAL, user: 'admin' },
      },
    });
    const { result } = await runActivity(k8s.kubernetesGet, {
      namespace,
      kind: 'Secret',
      name: 'db',
    });
    assertNoValues(result, ORIGINAL, 'admin');
    assert.deepEqual(result.outputs.keys, ['password', 'user']);
    const object = result.outputs.object as {
      metadata: {
        name: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
      };
      data: Record<string, string>;
    };
    assert.equal(object.metadata.name, 'db');
    assert.equal(object.metadata.labels.app, 'api');
    assert.match(
      object.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] ?? '',
      /^<redacted: \d+ bytes>$/,
    );
    assert.deepEqual(Object.keys(object.data).sort(), ['password', 'user']);

    const waited = await runActivity(k8s.kubernetesWaitFor, {
      namespace,
      kind: 'Secret',
      name: 'db',
      field: 'data.password',
      equals: b64(ORIGINAL),
      timeoutSeconds: 10,
    });
    assertNoValues(waited.result, ORIGINAL, 'admin');
    assert.equal(waited.result.outputs.value, `<redacted: ${ORIGINAL.length} bytes>`);
  });
});
