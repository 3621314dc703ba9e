// The fields of a `pull_request` delivery the merge handler reads, validated (hostile JSON).
import { z } from 'zod';

const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const Login = z.string().min(1).max(100);

export const MergedPullRequestPayload = z.object({
  action: z.literal('closed'),
  pull_request: z.object({
    number: z.number().int().positive(),
    merged: z.literal(true),
    merge_commit_sha: Sha,
    merged_by: z.object({ login: Login }).nullable().optional(),
    labels: z
      .array(z.object({ name: z.string().max(100) }))
      .max(100)
      .optional(),
    head: z.object({
      sha: Sha,
      // A deleted fork has no repository.
      repo: z.object({ full_name: z.string().max(200) }).nullable(),
    }),
    base: z.object({
      ref: z.string().min(1).max(255),
      repo: z.object({ full_name: z.string().max(200) }),
    }),
  }),
  repository: z.object({
    name: z.string().max(100),
    owner: z.object({ login: Login }),
    default_branch: z.string().max(255).optional(),
  }),
  sender: z.object({ login: Login }),
});

export type MergedPullRequest = z.infer<typeof MergedPullRequestPayload>;

/** Whether a `pull_request` delivery is a merge at all (anything else is not ours to read). */
export function isMergeDelivery(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  const p = payload as { action?: unknown; pull_request?: { merged?: unknown } };
  return p.action === 'closed' && p.pull_request?.merged === true;
}
