/**
 * The registry of action names valid after `uses:`. Action names are public API: renaming one is
 * a breaking change that needs a migration. For the built-in actions the shape of `with:` is a zod
 * schema here, so that a typo in `with:` is caught before merge. Pure: no I/O.
 */
import { z } from 'zod';
import { ApproversSchema } from './people/approvers-schema.js';
import { Duration, Template } from './schema.js';

export const KUBERNETES_ACTIONS = [
  'kubernetes.apply',
  'kubernetes.setImage',
  'kubernetes.scale',
  'kubernetes.rolloutStatus',
  'kubernetes.rolloutUndo',
  'kubernetes.rolloutRestart',
  'kubernetes.get',
  'kubernetes.patch',
  'kubernetes.delete',
  'kubernetes.waitFor',
] as const;

/** Every action with a fixed name. */
export const ACTION_NAMES = ['approval', 'sleep', 'http.request', ...KUBERNETES_ACTIONS] as const;

/** Namespaces whose every `<namespace>.<method>` is accepted (their operations are open-ended). */
export const ACTION_NAMESPACES = ['github', 'slack'] as const;

/** A value that is either literally of this schema or a single `${{ }}` expression. */
const orExpression = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.string().regex(/^\s*\$\{\{[\s\S]*\}\}\s*$/)]);

export const ApprovalInput = z.strictObject({
  message: Template,
  approvers: ApproversSchema.optional(),
  required: z.int().min(1).max(20).optional(),
  allowSelfApproval: z.boolean().optional(),
  timeout: Duration.optional(),
  onTimeout: z.enum(['reject', 'skip', 'approve']).optional().meta({
    description: 'reject fails the step; skip goes on without it; approve goes on as approved.',
  }),
});

export const SleepInput = z.strictObject({ duration: orExpression(Duration) });

export const HttpRequestInput = z.strictObject({
  url: Template,
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  headers: z.record(z.string(), Template).optional(),
  body: z.json().optional(),
  expectStatus: z.array(z.int().min(100).max(599)).optional(),
  timeout: Duration.optional(),
});

/** The `with:` schemas of built-in actions; other actions validate their input at run time. */
export const ACTION_INPUT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  approval: ApprovalInput,
  sleep: SleepInput,
  'http.request': HttpRequestInput,
};

/** Whether `name` may follow `uses:`. */
export function isKnownAction(name: string): boolean {
  if ((ACTION_NAMES as readonly string[]).includes(name)) return true;
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  const namespace = name.slice(0, dot);
  const method = name.slice(dot + 1);
  return (
    (ACTION_NAMESPACES as readonly string[]).includes(namespace) &&
    /^[a-z][a-zA-Z0-9]*$/.test(method)
  );
}

/** Names to suggest from in `did you mean …?` hints. */
export function actionSuggestions(): readonly string[] {
  return [...ACTION_NAMES, 'github.createRelease', 'github.comment', 'slack.post'];
}

/**
 * Actions whose effect the runner knows how to undo without a `rollback:` (e.g. `setImage` →
 * back to the previous image); `rollback: none` turns it off for one step.
 */
export const ACTIONS_WITH_BUILTIN_ROLLBACK: readonly string[] = [
  'kubernetes.setImage',
  'kubernetes.scale',
  'kubernetes.apply',
  'kubernetes.patch',
];
