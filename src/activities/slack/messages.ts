/**
 * The `slack.post` and `slack.update` activities: `chat.postMessage` and `chat.update` through
 * the worker's bot. Their rendered `with:` is parsed again with the registry's schema (a `${{ }}`
 * may have rendered to a wrong value); the step's outputs are the message's `ts` and `channel`.
 */
import type { WebClient } from '@slack/web-api';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import {
  describeInputIssues,
  SlackPostInput,
  SlackUpdateInput,
} from '../../runbook/actions/index.js';
import { slackStepClient } from './client.js';
import { SlackFailureType, slackFailure } from './errors.js';

/** What a Slack step returns: its outputs, `ts` and `channel` of the message. */
export interface SlackMessageResult {
  readonly outputs: { readonly ts: string; readonly channel: string };
}

export type SlackPostMessage = (input: SlackPostInput) => Promise<SlackMessageResult>;
export type SlackUpdateMessage = (input: SlackUpdateInput) => Promise<SlackMessageResult>;

export interface SlackActivities {
  readonly slackPostMessage: SlackPostMessage;
  readonly slackUpdateMessage: SlackUpdateMessage;
}

export interface SlackActivityDeps {
  /** The worker's environment: `SLACK_BOT_TOKEN` and `SLACK_API_URL`, read at each call. */
  readonly env: NodeJS.ProcessEnv;
}

function parsed<S extends z.ZodType>(schema: S, action: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw ApplicationFailure.create({
    message: `the rendered with: of ${action} does not fit: ${describeInputIssues(result.error.issues, input).join('; ')}`,
    type: SlackFailureType.invalidInput,
    nonRetryable: true,
  });
}

type SlackCallResult = { ts?: unknown; channel?: unknown };

function resultOf(answer: SlackCallResult, method: string): SlackMessageResult {
  if (typeof answer.ts !== 'string' || typeof answer.channel !== 'string') {
    throw ApplicationFailure.create({
      message: `Slack answered ${method} without ts and channel; check SLACK_API_URL on the worker`,
      type: SlackFailureType.apiError,
      nonRetryable: true,
    });
  }
  return { outputs: { ts: answer.ts, channel: answer.channel } };
}

/** The Slack step activities; each call reads the settings and makes its own client. */
export function createSlackActivities(deps: SlackActivityDeps): SlackActivities {
  return {
    async slackPostMessage(input) {
      const { channel, text, blocks, thread } = parsed(SlackPostInput, 'slack.post', input);
      const web = slackStepClient(deps.env);
      try {
        const answer = await web.chat.postMessage({
          channel,
          ...(text === undefined ? {} : { text }),
          ...(blocks === undefined ? {} : { blocks: blocks as never }),
          ...(thread === undefined ? {} : { thread_ts: thread }),
        } as Parameters<WebClient['chat']['postMessage']>[0]);
        return resultOf(answer, 'chat.postMessage');
      } catch (error) {
        if (error instanceof ApplicationFailure) throw error;
        throw slackFailure(error, 'chat.postMessage', channel);
      }
    },
    async slackUpdateMessage(input) {
      const { channel, ts, text, blocks } = parsed(SlackUpdateInput, 'slack.update', input);
      const web = slackStepClient(deps.env);
      try {
        const answer = await web.chat.update({
          channel,
          ts,
          ...(text === undefined ? {} : { text }),
          ...(blocks === undefined ? {} : { blocks: blocks as never }),
        } as Parameters<WebClient['chat']['update']>[0]);
        return resultOf(answer, 'chat.update');
      } catch (error) {
        if (error instanceof ApplicationFailure) throw error;
        throw slackFailure(error, 'chat.update', channel);
      }
    },
  };
}
