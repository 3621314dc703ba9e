/** The `with:` of `uses: approval`. Pure: zod only. */
import { z } from 'zod';
import { ApproversSchema } from '../people/approvers-schema.js';
import { Duration, Template } from '../schema.js';

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
export type ApprovalInput = z.input<typeof ApprovalInput>;
