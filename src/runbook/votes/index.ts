// Vote signing: the server signs each vote it forwards, the workflow verifies it. Pure (no Node
// built-ins, no I/O) so the workflow sandbox imports it; see docs/security.md#verified-votes.
export { fromBase64, toBase64Url } from './base64.js';
export {
  parseVotePublicKeys,
  parseVoteSigningKey,
  VOTE_PUBLIC_KEYS_SETTING,
  VOTE_SIGNING_KEY_SETTING,
  VoteKeySettingError,
  type VoteSigningKey,
  votePublicKey,
} from './keys.js';
export { type VoteClaim, voteMessage } from './message.js';
export { signVote, type VoteSignature, verifyVote } from './sign.js';
export { type SignedVote, signedVote } from './signed-vote.js';
