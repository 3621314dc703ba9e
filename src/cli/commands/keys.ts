// `runbook keys generate [--key-id id]`: a new Ed25519 key pair for vote signing, printed as the
// two settings: RUNBOOK_VOTE_SIGNING_KEY for runbook server, RUNBOOK_VOTE_PUBLIC_KEYS for workers.
import { generateKeyPairSync } from 'node:crypto';
import {
  parseVotePublicKeys,
  parseVoteSigningKey,
  VOTE_PUBLIC_KEYS_SETTING,
  VOTE_SIGNING_KEY_SETTING,
} from '../../runbook/votes/index.js';
import { type Command, UsageError } from '../io.js';
import { parseFlags } from '../support/flags.js';

const help = `Usage: runbook keys generate [--key-id <id>]

Prints a new Ed25519 key pair for signing votes, as two settings:

  ${VOTE_SIGNING_KEY_SETTING}=<id>=<private seed>   for runbook server only; keep it secret
  ${VOTE_PUBLIC_KEYS_SETTING}=<id>=<public key>      for every worker

--key-id names the key (default: key-<YYYYMMDD>). To rotate, add the new public key to the
workers' ${VOTE_PUBLIC_KEYS_SETTING} (comma-separated, the old one kept), then give the server
the new signing key, then drop the old public key. See docs/security.md#verified-votes.
`;

/** Today as `key-YYYYMMDD`, a key id that sorts by age. */
function defaultKeyId(now: Date): string {
  return `key-${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export const keysCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: { 'key-id': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    },
    help,
  );
  if (values.help === true) {
    io.stdout.write(help);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action !== 'generate' || rest.length > 0) {
    throw new UsageError(
      `${action === undefined ? 'expected a subcommand' : `unknown subcommand "${[action, ...rest].join(' ')}"`}; runbook keys takes: generate\n\n${help}`,
    );
  }
  const keyId = values['key-id'] ?? defaultKeyId(new Date());
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const signing = `${keyId}=${seed.toString('base64')}`;
  const verifying = `${keyId}=${pub.toString('base64')}`;
  // The same parsers the server and the workers use: a key id they would refuse is refused here.
  try {
    parseVoteSigningKey(signing);
    parseVotePublicKeys(verifying);
  } catch (error) {
    throw new UsageError(`--key-id "${keyId}" cannot be used: ${(error as Error).message}`);
  }
  io.stdout.write(
    `${VOTE_SIGNING_KEY_SETTING}=${signing}\n${VOTE_PUBLIC_KEYS_SETTING}=${verifying}\n`,
  );
  return 0;
};
