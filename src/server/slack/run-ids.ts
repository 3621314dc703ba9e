import { createHash } from 'node:crypto';

/**
 * The workflow id of a run started from a Slack command: derived from the command's
 * `trigger_id`, so a replayed or retried command, even on another server replica, asks Temporal
 * to start the same id, and Temporal refuses the duplicate.
 */
export function slackRunId(name: string, triggerId: string): string {
  const digest = createHash('sha256').update(`slack-trigger:${triggerId}`).digest('hex');
  return `${name}-slack-${digest.slice(0, 20)}`;
}
