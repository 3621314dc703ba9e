import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApprovalDecision, RunProgress } from './types.js';

/** Name under which workers register the interpreter and clients start it. */
export const RUNBOOK_WORKFLOW_TYPE = 'runbookWorkflow';

/** The live state of every step: status, attempt, times, outputs, approvals. */
export const progressQuery = defineQuery<RunProgress>('progress');

/**
 * Approve / reject a waiting approval step. The validator refuses (before anything enters
 * history) an approver who is not allowed, a second vote by the same person, a self-approval
 * when forbidden, or a step that is not waiting.
 */
export const approveUpdate = defineUpdate<RunProgress, [ApprovalDecision]>('approve');
export const rejectUpdate = defineUpdate<RunProgress, [ApprovalDecision]>('reject');

/** The same decision for clients that can only signal; an invalid vote is recorded as ignored. */
export const approvalSignal =
  defineSignal<[ApprovalDecision & { decision: 'approve' | 'reject' }]>('approval');
