/** The `with:` of `uses: approval`. Pure: zod only. */
import { z } from 'zod';
import { Duration, Template } from '../schema.js';

const Principals = z.strictObject({
  users: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  channels: z.array(z.string()).optional(),
});

export const ApprovalInput = z.strictObject({
  message: Template,
  approvers: z
    .strictObject({
      users: z
        .array(z.string())
        .optional()
        .meta({ description: 'Identities as given to `runbook approve --as`, e.g. alice.' }),
      groups: z
        .array(z.string())
        .optional()
        .meta({ description: 'Groups vouched for by the trigger (`runbook approve --group`).' }),
      slack: Principals.optional(),
      github: z
        .strictObject({
          teams: z.array(z.string()).optional(),
          users: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  required: z.int().min(1).max(20).optional(),
  allowSelfApproval: z.boolean().optional(),
  timeout: Duration.optional(),
  onTimeout: z.enum(['reject', 'skip', 'approve']).optional().meta({
    description: 'reject fails the step; skip goes on without it; approve goes on as approved.',
  }),
});
export type ApprovalInput = z.input<typeof ApprovalInput>;
