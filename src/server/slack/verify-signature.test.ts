import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signSlackRequest } from '../../../test/harness/fake-slack.js';
import { verifySlackSignature } from './verify-signature.js';

const NOW = 1_700_000_000;
const body = 'command=%2Frunbook&text=list';
function signed(secret: string, ts = NOW, text = body) {
  const headers = signSlackRequest(secret, text, ts);
  return {
    body: Buffer.from(text),
    timestamp: headers['x-slack-request-timestamp'],
    signature: headers['x-slack-signature'],
  };
}

describe('verifySlackSignature', () => {
  it('accepts a body signed with the current or the old secret', () => {
    assert.equal(verifySlackSignature(signed('new'), ['new', 'old'], NOW).ok, true);
    assert.equal(verifySlackSignature(signed('old'), ['new', 'old'], NOW).ok, true);
  });

  it('refuses an unknown secret and a body changed after signing', () => {
    const other = verifySlackSignature(signed('other'), ['new', 'old'], NOW);
    assert.deepEqual(other, {
      ok: false,
      reason: 'X-Slack-Signature does not match any configured signing secret',
    });
    const tampered = { ...signed('new'), body: Buffer.from(`${body}x`) };
    assert.equal(verifySlackSignature(tampered, ['new'], NOW).ok, false);
  });

  it('refuses timestamps more than 5 minutes away, in the past or the future', () => {
    assert.equal(verifySlackSignature(signed('new', NOW - 300), ['new'], NOW).ok, true);
    const old = verifySlackSignature(signed('new', NOW - 301), ['new'], NOW);
    assert.equal(old.ok, false);
    assert.match(old.ok ? '' : old.reason, /301 s in the past, outside the 300 s window/);
    const future = verifySlackSignature(signed('new', NOW + 301), ['new'], NOW);
    assert.match(future.ok ? '' : future.reason, /301 s in the future/);
  });

  it('names the missing or malformed header', () => {
    const good = signed('new');
    const reason = (request: Parameters<typeof verifySlackSignature>[0]) => {
      const result = verifySlackSignature(request, ['new'], NOW);
      return result.ok ? 'ok' : result.reason;
    };
    assert.match(
      reason({ ...good, timestamp: undefined }),
      /X-Slack-Request-Timestamp header is missing/,
    );
    assert.match(reason({ ...good, signature: undefined }), /X-Slack-Signature header is missing/);
    assert.match(reason({ ...good, timestamp: '1e9' }), /not a Unix time/);
    assert.match(reason({ ...good, signature: 'v1=abc' }), /not a v0 signature/);
  });
});
