// `POST /github/webhooks`: verify the signature on the raw body, parse, drop redeliveries and
// events of other repositories, answer 202 at once, then run the event's handlers in the
// background. Nothing is done for a request that fails any check.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readRawBody, reply } from '../read-body.js';
import type { ServerRoute } from '../types.js';
import type { GithubDeps, GithubEventHandler } from './events.js';
import type { SeenDeliveries } from './seen-deliveries.js';
import type { SignatureVerifier } from './verify-signature.js';

export const GITHUB_WEBHOOK_PATH = '/github/webhooks';

const DELIVERY = /^[A-Za-z0-9-]{1,100}$/;
const EVENT_NAME = /^[a-z_]{1,64}$/;

/** The envelope every repository event has; the rest is each handler's to validate. */
const Envelope = z.object({
  repository: z
    .object({
      name: z.string().max(100),
      owner: z.object({ login: z.string().max(100) }),
    })
    .optional(),
});

export interface ReceiverOptions {
  readonly verify: SignatureVerifier;
  readonly seen: SeenDeliveries;
  readonly handlers: Readonly<Record<string, readonly GithubEventHandler[]>>;
  readonly deps: GithubDeps;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function githubWebhookRoute(options: ReceiverOptions): ServerRoute {
  const { deps } = options;
  const { owner, name: repoName } = deps.settings.repository;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRawBody(req);
    for (const required of ['x-github-event', 'x-github-delivery', 'x-hub-signature-256']) {
      if (header(req, required) === undefined) {
        return reply(res, 400, `missing header ${required}\n`);
      }
    }
    const event = header(req, 'x-github-event') ?? '';
    const delivery = header(req, 'x-github-delivery') ?? '';
    const signature = header(req, 'x-hub-signature-256') ?? '';
    if (!(await options.verify(raw.toString('utf8'), signature))) {
      deps.context.log(`github: delivery refused: X-Hub-Signature-256 does not match [RB8023]`);
      return reply(res, 401, 'signature does not match\n');
    }
    if (!EVENT_NAME.test(event)) return reply(res, 400, 'malformed header x-github-event\n');
    if (!DELIVERY.test(delivery)) return reply(res, 400, 'malformed header x-github-delivery\n');
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply(res, 400, 'body is not JSON\n');
    }
    const envelope = Envelope.safeParse(payload);
    if (typeof payload !== 'object' || payload === null || !envelope.success) {
      return reply(res, 400, 'body is not a GitHub event payload\n');
    }
    const repository = envelope.data.repository;
    if (
      repository !== undefined &&
      (repository.owner.login.toLowerCase() !== owner.toLowerCase() ||
        repository.name.toLowerCase() !== repoName.toLowerCase())
    ) {
      deps.context.log(
        `github: delivery ${delivery} (${event}) refused: it is for another repository than ${owner}/${repoName} [RB8024]`,
      );
      return reply(res, 403, `this server serves ${owner}/${repoName} only\n`);
    }
    if (!options.seen.add(delivery)) return reply(res, 200, 'duplicate\n');
    const handlers = options.handlers[event] ?? [];
    if (event === 'ping') return reply(res, 200, 'pong\n');
    if (handlers.length === 0 || repository === undefined) return reply(res, 202, 'ignored\n');
    reply(res, 202, 'accepted\n');
    deps.context.background.run(`github ${event} delivery ${delivery}`, async () => {
      for (const handler of handlers) await handler({ name: event, delivery, payload }, deps);
    });
  };
  return { method: 'POST', path: GITHUB_WEBHOOK_PATH, handle };
}
