// The fields of an `issue_comment` delivery the `/runbook run` handler reads, validated.
import { z } from 'zod';

const Login = z.string().min(1).max(100);

export const RunCommentPayload = z.object({
  action: z.literal('created'),
  issue: z.object({
    number: z.number().int().positive(),
    // Present only on pull requests (a pull request is an issue with this link).
    pull_request: z.object({ url: z.string().max(2000) }).optional(),
  }),
  comment: z.object({
    id: z.number().int().positive(),
    // GitHub caps a comment at 65536 characters; only its first line is read.
    body: z.string().max(65_536),
    user: z.object({ login: Login, type: z.string().max(40) }),
  }),
  repository: z.object({ name: z.string().max(100), owner: z.object({ login: Login }) }),
  sender: z.object({ login: Login, type: z.string().max(40) }),
});

export type RunComment = z.infer<typeof RunCommentPayload>;
