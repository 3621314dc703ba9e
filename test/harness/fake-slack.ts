// A local fake of the Slack Web API for tests: the real @slack/web-api client is pointed at it
// with SLACK_API_URL. It records every call and answers with the documented response shapes
// (`ok`, `ts`, `channel`, `message`, `view`), and can be told to fail a method the way Slack does
// (`ratelimited` with HTTP 429 and Retry-After, `channel_not_found`, …). It also serves
// `response_url`s for slash commands, and signs inbound requests with Slack's real v0 scheme.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The bearer token the call carried. */
  readonly token: string | undefined;
  readonly at: number;
}

export interface SlackMessage {
  readonly channel: string;
  readonly ts: string;
  text?: string;
  blocks?: unknown[];
  readonly threadTs?: string;
  /** Every chat.update applied to it, in order. */
  readonly updates: Array<{ text?: string; blocks?: unknown[] }>;
}

interface PlannedFailure {
  readonly error: string;
  readonly retryAfterSeconds?: number;
  remaining: number;
}

export interface FakeSlack {
  /** The Web API base, for SLACK_API_URL (ends with `/api/`). */
  readonly apiUrl: string;
  /** The fake's root URL (response URLs live under it). */
  readonly url: string;
  readonly token: string;
  readonly calls: SlackCall[];
  /** Messages by `channel/ts`. */
  readonly messages: Map<string, SlackMessage>;
  /** Bodies posted to response URLs, by response URL. */
  readonly responses: Map<string, unknown[]>;
  callsTo(method: string): SlackCall[];
  message(channel: string, ts: string): SlackMessage | undefined;
  /** Thread replies under a message, oldest first. */
  replies(channel: string, threadTs: string): SlackMessage[];
  /** The next `times` calls of `method` fail with `error` (429 + Retry-After for `ratelimited`). */
  failNext(
    method: string,
    error: string,
    options?: { times?: number; retryAfterSeconds?: number },
  ): void;
  /** Members of a Slack user group (`usergroups.users.list`). */
  setUserGroup(id: string, users: readonly string[]): void;
  /** Channels `chat.postMessage` refuses with `channel_not_found`. */
  missingChannels: Set<string>;
  /** A fresh response URL for one slash command or interaction. */
  newResponseUrl(): string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form fields that carry JSON in Slack's form encoding (the client stringifies them). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

function parseArgs(contentType: string | undefined, body: string): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/json') === true) {
    return JSON.parse(body) as Record<string, unknown>;
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the raw string: Slack would answer invalid_blocks, the test sees the call
      }
    }
    args[key] = value;
  }
  return args;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export async function startFakeSlack(options: { token?: string } = {}): Promise<FakeSlack> {
  const token = options.token ?? 'xoxb-fake-bot-token';
  const calls: SlackCall[] = [];
  const messages = new Map<string, SlackMessage>();
  const responses = new Map<string, unknown[]>();
  const failures = new Map<string, PlannedFailure>();
  const userGroups = new Map<string, string[]>();
  const missingChannels = new Set<string>();
  let tsCounter = 0;
  let viewCounter = 0;
  let responseCounter = 0;
  let base = '';
  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  const answer = (method: string, args: Record<string, unknown>): [number, unknown] => {
    const channel = typeof args.channel === 'string' ? args.channel : '';
    switch (method) {
      case 'auth.test':
        return [
          200,
          {
            ok: true,
            url: 'https://fake.slack.test/',
            team: 'Fake',
            user: 'runbook',
            team_id: 'T0001',
            user_id: 'U0BOT',
            bot_id: 'B0001',
          },
        ];
      case 'chat.postMessage': {
        if (channel === '' || missingChannels.has(channel))
          return [200, { ok: false, error: 'channel_not_found' }];
        const ts = nextTs();
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        const message: SlackMessage = {
          channel,
          ts,
          ...(typeof args.text === 'string' ? { text: args.text } : {}),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          ...(threadTs === undefined ? {} : { threadTs }),
          updates: [],
        };
        messages.set(`${channel}/${ts}`, message);
        return [
          200,
          {
            ok: true,
            channel,
            ts,
            message: {
              type: 'message',
              text: args.text ?? '',
              ts,
              ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
            },
          },
        ];
      }
      case 'chat.update': {
        const ts = typeof args.ts === 'string' ? args.ts : '';
        const message = messages.get(`${channel}/${ts}`);
        if (message === undefined) return [200, { ok: false, error: 'message_not_found' }];
        const update = {
          ...(typeof args.text === 'string' ? { text: args.text } : {}),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        };
        message.updates.push(update);
        if (update.text !== undefined) message.text = update.text;
        if (update.blocks !== undefined) message.blocks = update.blocks;
        return [
          200,
          {
            ok: true,
            channel,
            ts,
            text: message.text ?? '',
            message: { text: message.text ?? '' },
          },
        ];
      }
      case 'chat.postEphemeral':
        if (channel === '' || missingChannels.has(channel))
          return [200, { ok: false, error: 'channel_not_found' }];
        return [200, { ok: true, message_ts: nextTs() }];
      case 'views.open':
      case 'views.push':
      case 'views.update': {
        viewCounter += 1;
        const view = (args.view ?? {}) as Record<string, unknown>;
        return [
          200,
          {
            ok: true,
            view: {
              id: `V${String(viewCounter).padStart(8, '0')}`,
              team_id: 'T0001',
              hash: `h${viewCounter}`,
              ...view,
            },
          },
        ];
      }
      case 'usergroups.users.list': {
        const group =
          typeof args.usergroup === 'string' ? userGroups.get(args.usergroup) : undefined;
        if (group === undefined) return [200, { ok: false, error: 'no_such_subteam' }];
        return [200, { ok: true, users: group }];
      }
      case 'users.info': {
        const user = typeof args.user === 'string' ? args.user : '';
        if (user === '') return [200, { ok: false, error: 'user_not_found' }];
        return [
          200,
          {
            ok: true,
            user: {
              id: user,
              team_id: 'T0001',
              name: user.toLowerCase(),
              real_name: user,
              is_bot: false,
            },
          },
        ];
      }
      default:
        return [200, { ok: false, error: 'unknown_method' }];
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(req);
      if (path.startsWith('/response/')) {
        const url = `${base}${path}`;
        const list = responses.get(url) ?? [];
        list.push(body === '' ? {} : JSON.parse(body));
        responses.set(url, list);
        return send(res, 200, { ok: true });
      }
      if (!path.startsWith('/api/')) return send(res, 404, { ok: false, error: 'not_found' });
      const method = path.slice('/api/'.length);
      const args = parseArgs(req.headers['content-type'], body);
      const auth = req.headers.authorization;
      const callToken =
        auth?.startsWith('Bearer ') === true ? auth.slice(7) : (args.token as string | undefined);
      calls.push({ method, args, token: callToken, at: Date.now() });
      if (callToken !== token) return send(res, 200, { ok: false, error: 'invalid_auth' });
      const planned = failures.get(method);
      if (planned !== undefined && planned.remaining > 0) {
        planned.remaining -= 1;
        if (planned.error === 'ratelimited') {
          return send(
            res,
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(planned.retryAfterSeconds ?? 1) },
          );
        }
        return send(res, 200, { ok: false, error: planned.error });
      }
      const [status, reply] = answer(method, args);
      send(res, status, reply);
    })().catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    url: base,
    token,
    calls,
    messages,
    responses,
    missingChannels,
    callsTo: (method) => calls.filter((call) => call.method === method),
    message: (channel, ts) => messages.get(`${channel}/${ts}`),
    replies: (channel, threadTs) =>
      [...messages.values()].filter((m) => m.channel === channel && m.threadTs === threadTs),
    failNext(method, error, opts = {}) {
      failures.set(method, {
        error,
        remaining: opts.times ?? 1,
        ...(opts.retryAfterSeconds === undefined
          ? {}
          : { retryAfterSeconds: opts.retryAfterSeconds }),
      });
    },
    setUserGroup(id, users) {
      userGroups.set(id, [...users]);
    },
    newResponseUrl() {
      responseCounter += 1;
      return `${base}/response/${responseCounter}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headers of a request signed the way Slack signs it (v0: HMAC-SHA256 of `v0:<ts>:<body>`). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const base = `v0:${timestampSeconds}:${body}`;
  const signature = `v0=${createHmac('sha256', signingSecret).update(base).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': signature,
  };
}

/**
 * A slash command body as Slack sends it (form-encoded; fields from Slack's documented example,
 * https://api.slack.com/interactivity/slash-commands#app_command_handling).
 */
export function slashCommandBody(fields: {
  text: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
  command?: string;
  userName?: string;
  teamId?: string;
}): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: fields.teamId ?? 'T0001',
    team_domain: 'example',
    enterprise_id: 'E0001',
    enterprise_name: 'Globular%20Construct%20Inc',
    channel_id: fields.channelId ?? 'C2147483705',
    channel_name: 'ops',
    user_id: fields.userId,
    user_name: fields.userName ?? fields.userId.toLowerCase(),
    command: fields.command ?? '/runbook',
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id:
      fields.triggerId ?? `13345224609.738474920.${Math.random().toString(16).slice(2, 10)}`,
    api_app_id: 'A123456',
  }).toString();
}

/** An interaction payload (`block_actions`, `view_submission`) as Slack posts it: `payload=<json>`. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
