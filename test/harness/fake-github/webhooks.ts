// Inbound GitHub webhook deliveries, signed with the real scheme (`X-Hub-Signature-256`:
// HMAC-SHA256 of the raw body), with the headers GitHub sends.
import { createHmac, randomUUID } from 'node:crypto';

export function signGithubBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function githubWebhookHeaders(options: {
  event: string;
  body: string;
  secret: string;
  delivery?: string;
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': options.event,
    'x-github-delivery': options.delivery ?? randomUUID(),
    'x-github-hook-id': '292430182',
    'x-github-hook-installation-target-type': 'repository',
    'x-hub-signature-256': signGithubBody(options.secret, options.body),
  };
}
