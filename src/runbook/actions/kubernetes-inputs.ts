/**
 * The `with:` of each `kubernetes.*` action: what `runbook validate` checks before merge and what
 * the Kubernetes activities parse once the templates are rendered (the same schemas). `apply`
 * also receives the run's checkout directory, which is run context, not `with:` (see
 * src/activities/kubernetes/apply.ts). Pure: zod only.
 */
import { z } from 'zod';

const Cluster = z.string().min(1).optional().meta({
  description: 'A kubeconfig context name, or "in-cluster". Absent: the current context.',
});
const DryRun = z
  .literal('All')
  .optional()
  .meta({ description: 'Server-side dry run: nothing is persisted; the result holds a diff.' });
const Name = z.string().min(1);

const Target = {
  cluster: Cluster,
  apiVersion: z.string().min(1).optional(),
  name: Name,
  namespace: Name.optional(),
};
const WorkloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet']).default('Deployment');

export const ApplyInput = z
  .strictObject({
    cluster: Cluster,
    manifest: z
      .union([z.string().min(1), z.array(z.record(z.string(), z.unknown())).min(1)])
      .optional()
      .meta({
        description:
          'Inline YAML, one or more documents; or the documents already parsed (the runbook parser stores a manifest this way, so that a rendered value stays one scalar).',
      }),
    file: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A YAML file relative to the checkout directory.' }),
    namespace: Name.optional().meta({ description: 'For namespaced objects that name none.' }),
    force: z
      .boolean()
      .default(false)
      .meta({ description: 'Take over fields owned by other managers.' }),
    dryRun: DryRun,
  })
  .refine((v) => (v.manifest === undefined) !== (v.file === undefined), {
    message: 'give exactly one of manifest (inline YAML) or file (a path in the checkout)',
  });

export const SetImageInput = z.strictObject({
  ...Target,
  kind: WorkloadKind,
  containers: z
    .record(Name, z.string().min(1))
    .refine((c) => Object.keys(c).length > 0, 'name at least one container')
    .meta({ description: 'Container (or init container) name → new image.' }),
  dryRun: DryRun,
});

export const ScaleInput = z.strictObject({
  ...Target,
  kind: z.string().min(1).default('Deployment'),
  replicas: z.int().min(0),
  dryRun: DryRun,
});

export const RolloutStatusInput = z.strictObject({
  ...Target,
  kind: WorkloadKind,
  timeoutSeconds: z.int().positive().optional(),
});

export const RolloutUndoInput = z.strictObject({
  ...Target,
  kind: z.literal('Deployment').default('Deployment'),
  toRevision: z.int().positive().optional(),
  dryRun: DryRun,
});

export const RolloutRestartInput = z.strictObject({
  ...Target,
  kind: WorkloadKind,
  dryRun: DryRun,
});

export const GetInput = z.strictObject({ ...Target, kind: z.string().min(1) });

export const PatchInput = z
  .strictObject({
    ...Target,
    kind: z.string().min(1),
    patch: z.union([z.record(z.string(), z.json()), z.array(z.json())]),
    type: z.enum(['strategic', 'merge', 'json']).default('strategic'),
    dryRun: DryRun,
  })
  .refine((v) => (v.type === 'json') === Array.isArray(v.patch), {
    message: 'type json takes a list of operations; strategic and merge take a mapping',
    path: ['patch'],
  });

export const DeleteInput = z.strictObject({
  ...Target,
  kind: z.string().min(1),
  propagationPolicy: z.enum(['Foreground', 'Background', 'Orphan']).default('Background'),
  ignoreNotFound: z.boolean().default(false),
  dryRun: DryRun,
});

export const WaitForInput = z
  .strictObject({
    ...Target,
    kind: z.string().min(1),
    condition: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A status condition type, e.g. Complete.' }),
    status: z.string().default('True'),
    field: z.string().min(1).optional().meta({ description: 'A dotted path, e.g. status.phase.' }),
    equals: z.json().optional(),
    failOn: z.string().min(1).optional().meta({
      description: 'A condition type that fails the wait when True (Job default: Failed).',
    }),
    deleted: z.boolean().optional().meta({ description: 'Wait until the object is gone.' }),
    timeoutSeconds: z.int().positive().optional(),
  })
  .refine(
    (v) => [v.condition, v.field, v.deleted].filter((x) => x !== undefined).length === 1,
    'give exactly one of condition, field (with equals) or deleted: true',
  )
  .refine((v) => v.field === undefined || v.equals !== undefined, 'field needs equals');

export type ApplyInput = z.input<typeof ApplyInput>;
export type SetImageInput = z.input<typeof SetImageInput>;
export type ScaleInput = z.input<typeof ScaleInput>;
export type RolloutStatusInput = z.input<typeof RolloutStatusInput>;
export type RolloutUndoInput = z.input<typeof RolloutUndoInput>;
export type RolloutRestartInput = z.input<typeof RolloutRestartInput>;
export type GetInput = z.input<typeof GetInput>;
export type PatchInput = z.input<typeof PatchInput>;
export type DeleteInput = z.input<typeof DeleteInput>;
export type WaitForInput = z.input<typeof WaitForInput>;
