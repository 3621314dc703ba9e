// The whole Slack approval path on loopback, for the end-to-end test and bench/approval-latency:
// a worker on a Temporal server, the fake Slack, and the real `runbook server` with the Slack
// integration and the live extension (run notifier + approval buttons), its vote signing key set
// and the worker holding the matching public key. Helpers sign clicks the way Slack does.
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { type VoteSigningKey, votePublicKey } from '../../src/runbook/votes/index.js';
import type { SlackExtension } from '../../src/server/slack/extension.js';
import { createSlackIntegration } from '../../src/server/slack/integration.js';
import { createLiveSlackExtension } from '../../src/server/slack/live-extension.js';
import type { RunNotifier } from '../../src/server/slack/notifier/run-notifier.js';
import type { RunbookCatalog } from '../../src/source/catalog.js';
import { type FakeSlack, interactionBody, signSlackRequest, startFakeSlack } from './fake-slack.js';
import { startTestServer, type TestServer } from './server.js';
import { startTestWorker, type TestWorker } from './worker.js';

export const SIGNING_SECRET = 'slack-live-test-signing-secret';
export const VOTE_KEY: VoteSigningKey = {
  keyId: 'srv-test',
  privateKey: new Uint8Array(32).fill(7),
};

export interface SlackLive {
  readonly slack: FakeSlack;
  readonly server: TestServer;
  readonly worker: TestWorker;
  /** The run follower the extension started (what the slash command calls `follow` on). */
  readonly notifier: RunNotifier;
  readonly done: Promise<void>;
  close(): Promise<void>;
}

export async function startSlackLive(
  temporal: {
    readonly client: Client;
    readonly nativeConnection: NativeConnection;
    readonly address: string;
  },
  options: { readonly catalog?: RunbookCatalog } = {},
): Promise<SlackLive> {
  const worker = await startTestWorker(temporal, {
    env: { RUNBOOK_VOTE_PUBLIC_KEYS: `${VOTE_KEY.keyId}=${votePublicKey(VOTE_KEY)}` },
  });
  const done = worker.worker.run();
  const slack = await startFakeSlack();
  const live = createLiveSlackExtension({ discoveryIntervalMs: 0 });
  let notifier: RunNotifier | undefined;
  const capturing: SlackExtension = {
    register: (app, deps) => live.register(app, deps),
    async start(deps) {
      const follower = await live.start?.(deps);
      notifier = follower as RunNotifier;
      return follower;
    },
    close: () => live.close?.() ?? Promise.resolve(),
  };
  const seed = Buffer.from(VOTE_KEY.privateKey).toString('base64');
  const server = await startTestServer({
    client: temporal.client,
    address: temporal.address,
    taskQueue: worker.taskQueue,
    integrations: [createSlackIntegration([capturing])],
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
    env: {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      RUNBOOK_VOTE_SIGNING_KEY: `${VOTE_KEY.keyId}=${seed}`,
      RUNBOOK_WEB_UI_URL: 'http://ui.test',
    },
  });
  if (notifier === undefined) throw new Error('the live Slack extension did not start');
  return {
    slack,
    server,
    worker,
    notifier,
    done,
    async close() {
      await server.close();
      await slack.close();
      worker.worker.shutdown();
      await done;
    },
  };
}

/** A button's value as the fake recorded it in the message (what a click sends back). */
export function buttonValue(blocks: unknown, actionId: string): string | undefined {
  for (const block of (blocks ?? []) as Array<{ type?: string; elements?: unknown[] }>) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as Array<{ action_id?: string; value?: string }>) {
      if (element.action_id === actionId) return element.value;
    }
  }
  return undefined;
}

/** Posts a signed `block_actions` click (Slack's documented payload shape); returns its response URL. */
export async function click(
  live: Pick<SlackLive, 'server' | 'slack'>,
  user: string,
  actionId: string,
  value: string,
  channel = 'C0OPS',
): Promise<{ status: number; responseUrl: string }> {
  const responseUrl = live.slack.newResponseUrl();
  const body = interactionBody({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A123456',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: { type: 'message', message_ts: '1.1', channel_id: channel, is_ephemeral: false },
    trigger_id: `13345224609.738474920.${Math.random().toString(16).slice(2, 10)}`,
    team: { id: 'T0001', domain: 'example' },
    channel: { id: channel, name: 'ops' },
    response_url: responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: 'runbook_approval',
        value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: actionId },
      },
    ],
  });
  const res = await fetch(`${live.server.url}/slack/interactions`, {
    method: 'POST',
    headers: signSlackRequest(SIGNING_SECRET, body),
    body,
  });
  await res.text();
  return { status: res.status, responseUrl };
}
