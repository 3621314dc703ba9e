// The run notifier: follows runs (one RunFollowerLoop each) and finds the runs it must follow.
// `follow(runId, where)` is called by the slash command right after it starts a run; a discovery
// loop lists running runbook workflows every few seconds and follows those that carry a Slack
// location in their memo, or whose runbook names a channel (`spec.triggers.slack.channel`) and
// that were not started from Slack. The same loop picks up, after a server restart, the runs that
// were followed before it (their message is posted again: the old one's ts is not recorded).
import type { Client } from '@temporalio/client';
import { RUNBOOK_WORKFLOW_TYPE } from '../../../workflows/definitions.js';
import { type FollowerDeps, RunFollowerLoop } from './run-follower.js';
import { readRunStart } from './run-input.js';
import type { SlackApi } from './slack-calls.js';
import { discoveredLocation, type SlackLocation } from './where.js';

/** How often the discovery loop lists running runs. */
export const DISCOVERY_INTERVAL_MS = 5_000;
/** Runs looked at per discovery pass, at most. */
const DISCOVERY_PAGE = 200;

export interface RunNotifierOptions {
  readonly client: Client;
  readonly namespace: string;
  readonly slack: SlackApi;
  readonly log: (line: string) => void;
  /** The Temporal Web UI's base URL, for a link to each run. */
  readonly webUiUrl?: string;
  /** 0 turns discovery off (tests of `follow` alone). */
  readonly discoveryIntervalMs?: number;
}

export class RunNotifier {
  readonly #options: RunNotifierOptions;
  readonly #deps: FollowerDeps;
  readonly #followers = new Map<string, RunFollowerLoop>();
  /** Run ids discovery looked at and decided not to follow, or follows already. */
  readonly #seen = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #discovery: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RunNotifierOptions) {
    this.#options = options;
    const base = options.webUiUrl?.replace(/\/+$/, '');
    this.#deps = {
      client: options.client,
      slack: options.slack,
      log: options.log,
      ...(base === undefined || base === ''
        ? {}
        : {
            webUiLink: (runId: string) =>
              `${base}/namespaces/${encodeURIComponent(options.namespace)}/workflows/${encodeURIComponent(runId)}`,
          }),
    };
  }

  /** Starts the discovery loop (one pass at once). */
  start(): void {
    const interval = this.#options.discoveryIntervalMs ?? DISCOVERY_INTERVAL_MS;
    if (interval <= 0) return;
    const pass = () => {
      this.#track(
        this.#discover().finally(() => {
          if (!this.#closed) {
            this.#discovery = setTimeout(pass, interval);
            this.#discovery.unref();
          }
        }),
      );
    };
    pass();
  }

  /** Follows `runId`, its message in `where`; a run already followed is left as it is. */
  follow(runId: string, where: SlackLocation): void {
    if (this.#closed || this.#followers.has(runId)) return;
    this.#seen.add(runId);
    this.#track(
      (async () => {
        const start = await readRunStart(this.#options.client, this.#options.namespace, runId);
        if (start === undefined) {
          this.#options.log(`slack notifier: run ${runId} has no readable input; not followed`);
          return;
        }
        if (this.#closed || this.#followers.has(runId)) return;
        const follower = new RunFollowerLoop(this.#deps, runId, where, start);
        this.#followers.set(runId, follower);
        try {
          await follower.run();
        } finally {
          this.#followers.delete(runId);
        }
      })(),
    );
  }

  /** The follower of a run, while it is followed (the approval buttons wake it after a vote). */
  follower(runId: string): RunFollowerLoop | undefined {
    return this.#followers.get(runId);
  }

  /** Stops every follower and the discovery loop; waits for their last Slack calls. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#discovery);
    for (const follower of this.#followers.values()) follower.stop();
    await Promise.allSettled([...this.#running]);
  }

  #track(job: Promise<void>): void {
    const tracked = job
      .catch((error: unknown) =>
        this.#options.log(
          `slack notifier: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  async #discover(): Promise<void> {
    const { client, namespace } = this.#options;
    const query = `WorkflowType = '${RUNBOOK_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
    let looked = 0;
    for await (const run of client.workflow.list({ query, pageSize: 100 })) {
      if (this.#closed || ++looked > DISCOVERY_PAGE) break;
      if (this.#seen.has(run.workflowId)) continue;
      this.#seen.add(run.workflowId);
      const start = await readRunStart(client, namespace, run.workflowId);
      if (start === undefined) continue;
      const where = discoveredLocation(start.input, start.memo);
      if (where !== undefined) this.follow(run.workflowId, where);
    }
  }
}
