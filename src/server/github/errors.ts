// The errors of the GitHub webhook receiver and pull request check (RB8020–RB8039, listed in
// docs/errors.md).
import type { z } from 'zod';
import { RunbookError } from '../../runbook/errors.js';

/**
 * Thrown when the GitHub integration is half configured: a webhook secret without a repository
 * to serve (RB8020), a repository setting that names no GitHub repository (RB8021), or no
 * source repository to read runbooks from (RB8022). The
 * server refuses to start rather than accept deliveries it cannot act on.
 */
export class GithubSettingsError extends RunbookError {
  readonly kind = 'environment';
  constructor(
    readonly code: 'RB8020' | 'RB8021' | 'RB8022',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a handler when a payload field it reads is missing or malformed (RB8025): the
 * delivery is dropped and the log names the field.
 */
export class GithubPayloadError extends RunbookError {
  readonly kind = 'usage';
  readonly code = 'RB8025';
  constructor(
    readonly event: string,
    readonly delivery: string,
    detail: string,
  ) {
    super(`GitHub ${event} delivery ${delivery} has an invalid payload: ${detail}`);
  }
}

/**
 * The payload of a delivery, checked against `schema` (a webhook body is hostile input).
 *
 * @throws GithubPayloadError RB8025 naming the first field that is missing or malformed.
 */
export function parseGithubPayload<T>(
  schema: z.ZodType<T>,
  event: { readonly name: string; readonly delivery: string; readonly payload: unknown },
): T {
  const parsed = schema.safeParse(event.payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '(payload)' : issue.path.join('.') || '(payload)';
  throw new GithubPayloadError(
    event.name,
    event.delivery,
    `${where}: ${issue?.message ?? 'invalid'}`,
  );
}
