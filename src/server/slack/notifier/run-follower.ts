// Follows one run: reads its `progress` query with an adaptive backoff and keeps its Slack message
// and its thread up to date. Everything Slack-side goes through a coalescer or a serial chain that
// the poll loop never waits on, so a slow or failing Slack delays only this message, never the
// run (the follower is outside the workflow and only reads it).
import type { Client } from '@temporalio/client';
import { progressQuery } from '../../../workflows/definitions.js';
import type { RunProgress, StepProgress } from '../../../workflows/types.js';
import { isWaiting, renderApprovalMessage } from '../approvals/approval-message.js';
import { escalationDue, escalationText } from '../approvals/escalation.js';
import { CoalescedSender, REAL_TIMERS, type Timers } from './coalesce.js';
import { nextPollMs, POLL_FASTEST_MS } from './poll-interval.js';
import { eventText, isFinal, runEvents } from './run-events.js';
import type { RunStart } from './run-input.js';
import { type RunView, renderRunMessage, type SlackContent } from './run-message.js';
import type { SlackApi } from './slack-calls.js';
import type { SlackLocation } from './where.js';

/** How long a finished run's last updates may take to reach Slack before they are given up. */
const FINAL_FLUSH_MS = 30_000;
/** Reads of progress that fail in a row (Temporal unreachable) before the wait grows to this. */
const READ_ERROR_WAIT_MS = 5_000;

export interface FollowerDeps {
  readonly client: Client;
  readonly slack: SlackApi;
  readonly log: (line: string) => void;
  /** `<base>/namespaces/<ns>/workflows/<id>` when a Web UI is known. */
  readonly webUiLink?: (runId: string) => string;
  readonly timers?: Timers;
}

interface ApprovalMessage {
  ts?: string | undefined;
  posted?: Promise<void>;
  readonly sender: CoalescedSender<SlackContent>;
  escalated: boolean;
}

const delay = (ms: number, wake: { resolve?: (() => void) | undefined }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    function done() {
      clearTimeout(timer);
      wake.resolve = undefined;
      resolve();
    }
    wake.resolve = done;
  });

export class RunFollowerLoop {
  readonly runId: string;
  readonly #deps: FollowerDeps;
  readonly #where: SlackLocation;
  readonly #start: RunStart;
  readonly #message: CoalescedSender<SlackContent>;
  readonly #approvals = new Map<string, ApprovalMessage>();
  readonly #wake: { resolve?: (() => void) | undefined } = {};
  /** Settles once the first post of the run message was tried (its ts known, or not). */
  readonly #firstPost: Promise<void>;
  #firstPostDone: () => void = () => {};
  #ts: string | undefined;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  #progress: RunProgress | undefined;

  constructor(deps: FollowerDeps, runId: string, where: SlackLocation, start: RunStart) {
    this.#deps = deps;
    this.runId = runId;
    this.#where = where;
    this.#start = start;
    const timers = deps.timers ?? REAL_TIMERS;
    this.#firstPost = new Promise((resolve) => {
      this.#firstPostDone = resolve;
    });
    this.#message = new CoalescedSender(
      (content) => this.#sendRunMessage(content),
      (error) => this.#failed('update the run message', error),
      { timers },
    );
  }

  /** The message's location once posted (the approvals module threads under it). */
  get location(): { channel: string; ts?: string; threadTs?: string } {
    return {
      channel: this.#where.channel,
      ...(this.#ts === undefined ? {} : { ts: this.#ts }),
      ...(this.#where.threadTs === undefined ? {} : { threadTs: this.#where.threadTs }),
    };
  }

  /** Read progress now instead of after the current wait (a vote was just accepted). */
  wake(): void {
    this.#wake.resolve?.();
  }

  stop(): void {
    this.#stopped = true;
    this.wake();
  }

  /** Polls until the run ends (or `stop`), then lets the last updates reach Slack. */
  async run(): Promise<void> {
    let wait = POLL_FASTEST_MS;
    let lastJson = '';
    while (!this.#stopped) {
      let progress: RunProgress;
      try {
        progress = await this.#deps.client.workflow.getHandle(this.runId).query(progressQuery);
      } catch (error) {
        if ((error as Error).name === 'WorkflowNotFoundError') {
          this.#deps.log(
            `slack notifier: run ${this.runId} no longer exists; stopped following it`,
          );
          return;
        }
        this.#failed('read the run progress', error);
        wait = Math.min(READ_ERROR_WAIT_MS, wait * 2);
        await delay(wait, this.#wake);
        continue;
      }
      const json = JSON.stringify(progress);
      const changed = json !== lastJson;
      if (changed) {
        lastJson = json;
        this.#show(progress);
      }
      this.#escalate(progress, Date.now());
      if (isFinal(progress)) break;
      wait = nextPollMs(wait, changed, progress);
      await delay(wait, this.#wake);
    }
    // At shutdown the last updates are not waited for: Slack may be the reason it is slow.
    if (!this.#stopped) await this.#flush();
  }

  #view(progress: RunProgress): RunView {
    const { input } = this.#start;
    const paramTypes = Object.fromEntries(
      Object.entries(input.definition.params).map(([name, spec]) => [name, spec.type]),
    );
    const link = this.#deps.webUiLink?.(this.runId);
    return {
      runId: this.runId,
      progress,
      params: input.params,
      paramTypes,
      starter: input.trigger.actor,
      plan: input.definition.steps.map((step) => ({
        id: step.id,
        ...(step.name === undefined ? {} : { name: step.name }),
        what: step.kind === 'uses' ? step.action : step.kind,
      })),
      ...(link === undefined ? {} : { webUiLink: link }),
    };
  }

  #show(progress: RunProgress): void {
    const before = this.#progress;
    this.#progress = progress;
    const view = this.#view(progress);
    this.#message.set(renderRunMessage(view));
    for (const step of progress.steps) {
      if (step.approval === undefined) continue;
      const known = this.#approvals.get(step.key);
      if (known === undefined && isWaiting(step)) this.#postApproval(view, step);
      else known?.sender.set(renderApprovalMessage(view, step));
    }
    for (const event of runEvents(before, progress)) {
      this.#enqueue('post a thread reply', async () => {
        await this.#reply({ text: eventText(event) });
      });
    }
  }

  #postApproval(view: RunView, step: StepProgress): void {
    const entry: ApprovalMessage = {
      escalated: false,
      sender: new CoalescedSender(
        async (content) => {
          await entry.posted;
          if (entry.ts === undefined) return;
          await this.#deps.slack.call('chat.update', {
            channel: this.#where.channel,
            ts: entry.ts,
            text: content.text,
            blocks: content.blocks,
          });
        },
        (error) => this.#failed(`update the approval message of step ${step.key}`, error),
        { timers: this.#deps.timers ?? REAL_TIMERS },
      ),
    };
    this.#approvals.set(step.key, entry);
    const content = renderApprovalMessage(view, step);
    let posted: () => void = () => {};
    entry.posted = new Promise((resolve) => {
      posted = resolve;
    });
    this.#enqueue(`post the approval message of step ${step.key}`, async () => {
      try {
        entry.ts = await this.#reply(content);
      } finally {
        posted();
      }
    });
  }

  #escalate(progress: RunProgress, now: number): void {
    for (const step of progress.steps) {
      const entry = this.#approvals.get(step.key);
      if (entry === undefined || entry.escalated || !escalationDue(step, now)) continue;
      entry.escalated = true;
      const view = this.#view(progress);
      const content = renderApprovalMessage(view, step, {
        escalation: escalationText(step, this.#start.input.people),
      });
      const channel = step.approval?.escalateChannel;
      this.#enqueue(`escalate the approval of step ${step.key}`, async () => {
        if (channel !== undefined) {
          await this.#deps.slack.call('chat.postMessage', {
            channel,
            text: content.text,
            blocks: content.blocks,
          });
        } else {
          await this.#reply(content, true);
        }
      });
    }
  }

  /** Posts under the run message's thread; returns the reply's ts. */
  async #reply(content: { text: string; blocks?: readonly unknown[] }, broadcast = false) {
    await this.#firstPost;
    const threadTs = this.#where.threadTs ?? this.#ts;
    const answer = await this.#deps.slack.call('chat.postMessage', {
      channel: this.#where.channel,
      text: content.text,
      ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      ...(broadcast && threadTs !== undefined ? { reply_broadcast: true } : {}),
    });
    return typeof answer.ts === 'string' ? answer.ts : undefined;
  }

  async #sendRunMessage(content: SlackContent): Promise<void> {
    if (this.#ts === undefined) {
      try {
        const answer = await this.#deps.slack.call('chat.postMessage', {
          channel: this.#where.channel,
          text: content.text,
          blocks: content.blocks,
          ...(this.#where.threadTs === undefined ? {} : { thread_ts: this.#where.threadTs }),
        });
        if (typeof answer.ts === 'string') this.#ts = answer.ts;
      } finally {
        this.#firstPostDone();
      }
      return;
    }
    await this.#deps.slack.call('chat.update', {
      channel: this.#where.channel,
      ts: this.#ts,
      text: content.text,
      blocks: content.blocks,
    });
  }

  #enqueue(what: string, job: () => Promise<void>): void {
    this.#chain = this.#chain.then(job).catch((error: unknown) => this.#failed(what, error));
  }

  #failed(what: string, error: unknown): void {
    this.#deps.log(
      `slack notifier: could not ${what} for run ${this.runId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  async #flush(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const settled = Promise.all([
      this.#message.flushed(),
      this.#chain,
      ...[...this.#approvals.values()].map((a) => a.sender.flushed()),
    ]).then(() => this.#chain);
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.#deps.log(
          `slack notifier: gave up the last updates of run ${this.runId} after ${FINAL_FLUSH_MS} ms`,
        );
        resolve();
      }, FINAL_FLUSH_MS);
      timer.unref();
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
  }
}
