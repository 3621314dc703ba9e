// The fields of a `pull_request` event that the check and the merge handler read, validated:
// the payload is hostile input (a fork names its own branches, labels and title).
import { z } from 'zod';
import { parseGithubPayload } from './errors.js';
import type { GithubEvent } from './events.js';

const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const Login = z.string().min(1).max(100);
const Ref = z.string().min(1).max(255);
const FullName = z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/);

export const PullRequestEventSchema = z.object({
  action: z.string().max(64),
  number: z.number().int().positive(),
  pull_request: z.object({
    number: z.number().int().positive(),
    state: z.string().max(32),
    merged: z.boolean().nullish(),
    merge_commit_sha: Sha.nullish(),
    head: z.object({
      sha: Sha,
      ref: Ref,
      // null when the fork was deleted
      repo: z.object({ full_name: FullName }).nullable(),
    }),
    base: z.object({ sha: Sha, ref: Ref, repo: z.object({ full_name: FullName }) }),
    labels: z
      .array(z.object({ name: z.string().max(100) }))
      .max(100)
      .default([]),
    user: z.object({ login: Login }),
  }),
  repository: z.object({
    name: z.string().max(100),
    full_name: FullName,
    owner: z.object({ login: Login }),
    default_branch: Ref,
  }),
  sender: z.object({ login: Login }),
});

export type PullRequestEvent = z.infer<typeof PullRequestEventSchema>;

/** @throws GithubPayloadError RB8025 naming the first field that is missing or malformed. */
export function parsePullRequestEvent(event: GithubEvent): PullRequestEvent {
  return parseGithubPayload(PullRequestEventSchema, event);
}

/** Whether the pull request's head lives in another repository than its base (a fork). */
export function isFromFork(pr: PullRequestEvent['pull_request']): boolean {
  return (
    pr.head.repo === null ||
    pr.head.repo.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase()
  );
}
