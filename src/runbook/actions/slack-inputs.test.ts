import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApprovalInput } from './approval-input.js';
import { describeInputIssues } from './input-problems.js';
import { SlackPostInput, SlackUpdateInput } from './slack-inputs.js';

function problems(
  schema: typeof SlackPostInput | typeof SlackUpdateInput | typeof ApprovalInput,
  input: unknown,
): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeInputIssues(result.error.issues, input);
}

describe('slack.post with:', () => {
  it('takes a channel id, #name, DM or user, with text, blocks or both, and a thread ts', () => {
    for (const channel of ['C0123ABCD', 'G0PRIVATE', 'D0DIRECT', 'U0ALICE', '#ops-alerts']) {
      assert.deepEqual(problems(SlackPostInput, { channel, text: 'hi' }), [], channel);
    }
    assert.deepEqual(
      problems(SlackPostInput, {
        channel: 'C0OPS',
        blocks: [{ type: 'divider' }],
        thread: '1712345678.000100',
      }),
      [],
    );
  });

  it('refuses a message with neither text nor blocks, a bad channel, a bad thread and unknown keys', () => {
    assert.deepEqual(problems(SlackPostInput, { channel: 'C0OPS' }), [
      'with: give text, blocks or both: Slack needs something to show (got a mapping)',
    ]);
    assert.match(
      problems(SlackPostInput, { channel: 'ops', text: 'x' })[0] ?? '',
      /^with\.channel: /,
    );
    assert.match(
      problems(SlackPostInput, { channel: 'C0OPS', text: 'x', thread: 'yesterday' })[0] ?? '',
      /^with\.thread: /,
    );
    assert.deepEqual(problems(SlackPostInput, { channel: 'C0OPS', text: 'x', ts: '1.2' }), [
      'with.ts: not a key this action takes',
    ]);
    assert.match(
      problems(SlackPostInput, { channel: 'C0OPS', blocks: [] })[0] ?? '',
      /^with\.blocks: /,
    );
  });
});

describe('slack.update with:', () => {
  it('needs the channel id and ts of the message, and text or blocks', () => {
    assert.deepEqual(
      problems(SlackUpdateInput, { channel: 'C0OPS', ts: '1712345678.000100', text: 'done' }),
      [],
    );
    assert.match(
      problems(SlackUpdateInput, { channel: '#ops', ts: '1.2', text: 'x' })[0] ?? '',
      /^with\.channel: /,
    );
    assert.deepEqual(problems(SlackUpdateInput, { channel: 'C0OPS', text: 'x' }), [
      'with.ts: is required (a string)',
    ]);
    assert.deepEqual(problems(SlackUpdateInput, { channel: 'C0OPS', ts: '1.2' }), [
      'with: give text, blocks or both: Slack needs something to show (got a mapping)',
    ]);
  });
});

describe('approval with: verified and escalateAfter', () => {
  it('takes verified: true and an escalation to a channel, a mention or both', () => {
    for (const escalateAfter of [
      { after: '30m', channel: '#ops' },
      { after: '1h', mention: 'sre' },
      { after: '1h', mention: '@oncall' },
      { after: '1h', channel: 'C0OPS', mention: 'S0ONCALL' },
    ]) {
      assert.deepEqual(
        problems(ApprovalInput, { message: 'go?', verified: true, escalateAfter }),
        [],
        JSON.stringify(escalateAfter),
      );
    }
  });

  it('refuses an escalation with nowhere to go, a bad duration, channel or mention', () => {
    assert.deepEqual(problems(ApprovalInput, { message: 'go?', escalateAfter: { after: '30m' } }), [
      'with.escalateAfter: give channel, mention or both: an escalation needs somewhere to go (got a mapping)',
    ]);
    assert.match(
      problems(ApprovalInput, {
        message: 'go?',
        escalateAfter: { after: 'soon', channel: '#ops' },
      })[0] ?? '',
      /^with\.escalateAfter\.after: /,
    );
    assert.match(
      problems(ApprovalInput, {
        message: 'go?',
        escalateAfter: { after: '1h', channel: 'ops' },
      })[0] ?? '',
      /^with\.escalateAfter\.channel: /,
    );
    assert.match(
      problems(ApprovalInput, {
        message: 'go?',
        escalateAfter: { after: '1h', mention: 'SRE Team' },
      })[0] ?? '',
      /^with\.escalateAfter\.mention: /,
    );
    assert.deepEqual(problems(ApprovalInput, { message: 'go?', verified: 'yes' }), [
      'with.verified: must be true or false, not the string "yes"',
    ]);
  });
});
