// A Bolt receiver fed by `runbook server`'s own routes. Each request is verified here on its raw
// bytes (signature, timestamp window, replay) before Bolt sees it; then Bolt's App dispatches it
// with Bolt's own HTTP ack (an `ack()` answers the request at once; no ack within 3 s answers
// for it), so listeners keep Bolt's semantics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, HTTPResponseAck, type Logger, LogLevel, type Receiver } from '@slack/bolt';
import { readRawBody, reply } from '../read-body.js';
import { parseSlackBody } from './parse-body.js';
import { ReplayGuard } from './replay-guard.js';
import { verifySlackSignature } from './verify-signature.js';

export interface SignedReceiverOptions {
  readonly signingSecrets: readonly string[];
  /** One line to the server log. Never a body or a secret. */
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Bolt's logger, into the server log at warn and above. */
function boltLogger(log: (line: string) => void): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => log(`slack: ${messages.map(String).join(' ')}`),
    error: (...messages: unknown[]) => log(`slack: ${messages.map(String).join(' ')}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export class SignedReceiver implements Receiver {
  readonly #secrets: readonly string[];
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #guard = new ReplayGuard();
  readonly logger: Logger;
  #app: App | undefined;

  constructor(options: SignedReceiverOptions) {
    this.#secrets = options.signingSecrets;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.logger = boltLogger(options.log);
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The route handler for `/slack/commands`, `/slack/interactions` and `/slack/events`. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRawBody(req);
    const nowMs = this.#now();
    const verified = verifySlackSignature(
      {
        body: raw,
        timestamp: header(req, 'x-slack-request-timestamp'),
        signature: header(req, 'x-slack-signature'),
      },
      this.#secrets,
      Math.floor(nowMs / 1000),
    );
    if (!verified.ok) {
      this.#log(`slack: refused ${req.url}: ${verified.reason}`);
      return reply(res, 401, `${verified.reason}\n`);
    }
    const body = parseSlackBody(req.headers, raw);
    if (body === undefined) {
      return reply(res, 400, 'the body is not a Slack command, interaction or event\n');
    }
    const retryNum = header(req, 'x-slack-retry-num');
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    if (!this.#guard.firstTime(raw, verified.timestampSeconds, nowMs, eventId)) {
      if (retryNum !== undefined) {
        // Slack's retry of a request already acknowledged: say so, so it stops retrying.
        this.#log(`slack: ignored retry ${retryNum} of ${req.url} (already handled)`);
        return reply(res, 200, '', { 'x-slack-no-retry': '1' });
      }
      this.#log(`slack: refused ${req.url}: a replay of a request already handled`);
      return reply(res, 401, 'a replay of a request already handled\n');
    }
    if (body.type === 'url_verification' && typeof body.challenge === 'string') {
      return reply(res, 200, { challenge: body.challenge });
    }
    if (body.ssl_check !== undefined) return reply(res, 200, '');
    const app = this.#app;
    if (app === undefined) throw new Error('the Slack receiver was not attached to a Bolt app');
    const ack = new HTTPResponseAck({
      logger: this.logger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryReason = header(req, 'x-slack-retry-reason');
    try {
      await app.processEvent({
        body,
        ack: ack.bind(),
        ...(retryNum === undefined ? {} : { retryNum: Number(retryNum) }),
        ...(retryReason === undefined ? {} : { retryReason }),
      });
    } catch (error) {
      this.#log(`slack: ${req.url} failed: ${error instanceof Error ? error.message : error}`);
      if (!res.headersSent) reply(res, 500, 'internal error\n');
    }
  }
}
