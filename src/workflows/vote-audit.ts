import { patched, upsertMemo } from '@temporalio/workflow';
import { VOTE_VERDICTS_RECORDED } from './policies.js';

/** The memo field of the `n`th counted vote of a run (from 1): `runbook.vote.<n>`. */
export const VOTE_RECORD_MEMO_PREFIX = 'runbook.vote.';

/** A counted vote as the run judged it: what `runbook audit` reports as the vote's record. */
export interface VoteRecord {
  /** The approval step's key. */
  readonly step: string;
  readonly decision: 'approve' | 'reject';
  /** The channel-qualified identity that voted, e.g. `slack:U024BE7LH`. */
  readonly identity: string;
  /** The person people.yaml maps it to. */
  readonly person: string;
  /** Whether runbook server signed the vote and the run verified the signature. */
  readonly verified: boolean;
  /** The workflow's clock when the vote was counted (epoch ms). */
  readonly at: number;
  /** How it arrived: the `approve`/`reject` Update or the `approval` signal. */
  readonly via: 'update' | 'signal';
}

/**
 * Records a counted vote in the run's history (an upserted memo field), for runs started after
 * patch `vote-verdicts-recorded`: the history then says who voted and whether the run verified the
 * vote, without re-checking signatures. `n` counts the run's votes from 1.
 */
export function recordVote(n: number, record: VoteRecord): void {
  if (!patched(VOTE_VERDICTS_RECORDED)) return;
  upsertMemo({ [`${VOTE_RECORD_MEMO_PREFIX}${n}`]: record });
}
