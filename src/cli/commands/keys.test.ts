import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import {
  parseVotePublicKeys,
  parseVoteSigningKey,
  signVote,
  verifyVote,
} from '../../runbook/votes/index.js';
import { type CliIO, UsageError } from '../io.js';
import { keysCommand } from './keys.js';

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const io: CliIO = { stdout, stderr: new PassThrough(), cwd: '.', env: {} };
  const code = await keysCommand(args, io);
  return { code, stdout: text };
}

describe('runbook keys generate', () => {
  it('prints a signing key and the matching public key, as the settings the server and workers read', async () => {
    const { code, stdout } = await run(['generate', '--key-id', 'rotation-2']);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    const [signingLine = '', publicLine = ''] = lines;
    assert.match(signingLine, /^RUNBOOK_VOTE_SIGNING_KEY=rotation-2=/);
    assert.match(publicLine, /^RUNBOOK_VOTE_PUBLIC_KEYS=rotation-2=/);
    const key = parseVoteSigningKey(signingLine.slice('RUNBOOK_VOTE_SIGNING_KEY='.length));
    const publicKeys = parseVotePublicKeys(publicLine.slice('RUNBOOK_VOTE_PUBLIC_KEYS='.length));
    const claim = {
      runId: 'r',
      stepId: 'gate',
      identity: 'slack:U1',
      decision: 'approve' as const,
      at: 1,
    };
    assert.equal(verifyVote(claim, signVote(claim, key), publicKeys), true);
    const again = await run(['generate', '--key-id', 'rotation-2']);
    assert.notEqual(again.stdout, stdout, 'two runs printed the same key');
  });

  it('refuses an unknown subcommand and a key id the settings could not hold', async () => {
    await assert.rejects(
      run(['rotate']),
      (e) => e instanceof UsageError && /unknown subcommand "rotate"/.test(e.message),
    );
    await assert.rejects(
      run(['generate', '--key-id', 'a,b']),
      (e) => e instanceof UsageError && /--key-id "a,b" cannot be used/.test(e.message),
    );
  });
});
