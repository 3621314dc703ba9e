export {
  createVoteVerificationKeys,
  readVoteVerificationKeys,
  VOTE_KEYS_INVALID,
  type VoteVerificationKeys,
  type VoteVerificationKeysActivity,
} from './vote-verification-keys.js';
