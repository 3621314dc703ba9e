// The three shapes Slack posts: a form-encoded slash command, a form field `payload` holding an
// interaction's JSON, and an Events API JSON body. Parsed only after the signature was checked.
import type { IncomingHttpHeaders } from 'node:http';

export type SlackBody = Record<string, unknown>;

/** The parsed body, or `undefined` when it is none of Slack's shapes. */
export function parseSlackBody(headers: IncomingHttpHeaders, raw: Buffer): SlackBody | undefined {
  const type = headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  try {
    if (type.includes('application/json')) {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as SlackBody)
        : undefined;
    }
    if (type.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      if (payload !== null) {
        const parsed: unknown = JSON.parse(payload);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as SlackBody)
          : undefined;
      }
      return Object.fromEntries(form);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
