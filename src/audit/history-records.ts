// The audit records of one run, read from its history: the start (WorkflowExecutionStarted), each
// counted vote (the `runbook.vote.<n>` memo fields the run records, or for older runs the approve/
// reject Updates and approval signals), each cancel request and termination. Payloads are decoded
// through the data converter, so an encrypted history reads as well as a clear one.
import {
  defaultPayloadConverter,
  type LoadedDataConverter,
  type Payload,
} from '@temporalio/common';
import {
  decodeArrayFromPayloads,
  decodeMapFromPayloads,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { temporal } from '@temporalio/proto';
import { VOTE_VERDICTS_RECORDED } from '../workflows/policies.js';
import type { ApprovalDecision, RunbookRunInput } from '../workflows/types.js';
import { VOTE_RECORD_MEMO_PREFIX, type VoteRecord } from '../workflows/vote-audit.js';
import { type AuditRecord, channelOfIdentity, channelOfTrigger } from './audit-record.js';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const iso = (ms: number) => new Date(ms).toISOString();

/** An event time in epoch ms: `seconds` is a Long from the server, a number from a JSON export. */
function tsToMs(ts: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  if (ts === null || ts === undefined) return 0;
  const seconds = ts.seconds;
  const whole =
    typeof seconds === 'number'
      ? seconds
      : seconds === null || seconds === undefined
        ? 0
        : seconds.toNumber();
  return whole * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
}

function payloadsOf(
  payloads: temporal.api.common.v1.IPayloads | null | undefined,
): Payload[] | undefined {
  return (payloads?.payloads ?? undefined) as Payload[] | undefined;
}

/** Every audit record of the run `run` in `history`, in history order. */
export async function auditRecordsOf(
  run: string,
  history: History,
  converter: LoadedDataConverter,
): Promise<AuditRecord[]> {
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  if (started === undefined || started === null) return [];
  const [input] = (await decodeArrayFromPayloads(converter, payloadsOf(started.input))) as [
    RunbookRunInput | undefined,
  ];
  if (input === undefined) return [];
  const runOf = {
    run,
    runbook: input.definition.name,
    commit: input.source.commit ?? `uncommitted:${input.source.contentHash ?? ''}`,
    ...(input.planBinding === undefined ? {} : { planHash: input.planBinding.actual }),
  };
  const records: AuditRecord[] = [
    {
      time: iso(tsToMs(events[0]?.eventTime)),
      ...runOf,
      event: 'start',
      who: input.trigger.actor,
      verified: false,
      via: channelOfTrigger(input.trigger.kind),
      detail: {
        trigger: input.trigger.kind,
        params: input.params,
        path: input.source.path,
        ...(started.identity ? { client: started.identity } : {}),
      },
    },
  ];
  const recordedVotes = await voteRecordsOf(events, converter);
  for (const event of events) {
    const time = iso(tsToMs(event.eventTime));
    const cancel = event.workflowExecutionCancelRequestedEventAttributes;
    if (cancel) {
      const who = cancel.identity || 'unknown';
      records.push({
        time,
        ...runOf,
        event: 'cancel',
        who,
        verified: false,
        via: channelOfIdentity(who),
        detail: cancel.cause ? { cause: cancel.cause } : {},
      });
    }
    const terminated = event.workflowExecutionTerminatedEventAttributes;
    if (terminated) {
      const who = terminated.identity || 'unknown';
      records.push({
        time,
        ...runOf,
        event: 'terminate',
        who,
        verified: false,
        via: channelOfIdentity(who),
        detail: terminated.reason ? { reason: terminated.reason } : {},
      });
    }
    if (recordedVotes === undefined)
      records.push(...(await legacyVotesOf(event, converter, runOf)));
  }
  for (const vote of recordedVotes ?? []) {
    records.push({
      time: iso(vote.at),
      ...runOf,
      event: 'vote',
      who: vote.identity,
      verified: vote.verified,
      via: channelOfIdentity(vote.identity),
      detail: { step: vote.step, decision: vote.decision, person: vote.person, channel: vote.via },
    });
  }
  return records;
}

/** Whether a patch marker is the one for `patchId` (core writes its details unencoded). */
function markerNames(
  marker: temporal.api.history.v1.IMarkerRecordedEventAttributes,
  patchId: string,
): boolean {
  for (const payloads of Object.values(marker.details ?? {})) {
    for (const payload of payloads.payloads ?? []) {
      try {
        if (
          JSON.stringify(defaultPayloadConverter.fromPayload(payload as Payload)).includes(patchId)
        )
          return true;
      } catch {
        // Not JSON: not the marker we look for.
      }
    }
  }
  return false;
}

/** The votes the run recorded with its verdicts, or `undefined` for a run that records none. */
async function voteRecordsOf(
  events: readonly HistoryEvent[],
  converter: LoadedDataConverter,
): Promise<VoteRecord[] | undefined> {
  const votes: VoteRecord[] = [];
  let patchedRun = false;
  for (const event of events) {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_patch' && markerNames(marker, VOTE_VERDICTS_RECORDED))
      patchedRun = true;
    const fields = event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields;
    if (!fields) continue;
    const memo = await decodeMapFromPayloads(converter, fields as Record<string, Payload>);
    for (const [key, value] of Object.entries(memo ?? {})) {
      if (key.startsWith(VOTE_RECORD_MEMO_PREFIX)) votes.push(value as VoteRecord);
    }
  }
  return votes.length > 0 || patchedRun ? votes : undefined;
}

/**
 * Votes of a run from before patch `vote-verdicts-recorded`: the accepted Updates and the signals.
 * Their verdict was not recorded, so they are reported unverified, with whether they were signed.
 */
async function legacyVotesOf(
  event: HistoryEvent,
  converter: LoadedDataConverter,
  runOf: Pick<AuditRecord, 'run' | 'runbook' | 'commit' | 'planHash'>,
): Promise<AuditRecord[]> {
  const time = iso(tsToMs(event.eventTime));
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
  const signal = event.workflowExecutionSignaledEventAttributes;
  let decision: (ApprovalDecision & { decision?: string }) | undefined;
  let kind: string | undefined;
  let channel: 'update' | 'signal';
  if (accepted && (accepted.name === 'approve' || accepted.name === 'reject')) {
    [decision] = (await decodeArrayFromPayloads(converter, payloadsOf(accepted.args))) as [
      ApprovalDecision | undefined,
    ];
    kind = accepted.name;
    channel = 'update';
  } else if (signal && signal.signalName === 'approval') {
    [decision] = (await decodeArrayFromPayloads(converter, payloadsOf(signal.input))) as [
      (ApprovalDecision & { decision?: string }) | undefined,
    ];
    kind = decision?.decision;
    channel = 'signal';
  } else {
    return [];
  }
  if (decision === undefined || typeof decision.approver !== 'string') return [];
  return [
    {
      time,
      ...runOf,
      event: 'vote',
      who: decision.approver,
      verified: false,
      via: channelOfIdentity(decision.approver),
      detail: {
        ...(decision.stepId === undefined ? {} : { step: decision.stepId }),
        decision: kind,
        channel,
        signed: decision.signature !== undefined,
        note: 'recorded before vote verdicts were (patch vote-verdicts-recorded): not re-checked',
      },
    },
  ];
}
