import { setWorkflowOptions } from '@temporalio/workflow';
import { concurrencyLockWorkflow } from './concurrency-lock.js';
import { runbookWorkflow } from './runbook-workflow.js';

/**
 * How each workflow type moves between Worker Deployment Versions when its workers are versioned
 * (`RUNBOOK_DEPLOYMENT_NAME`); unversioned workers ignore it. The reasons are in
 * docs/versioning.md#which-behaviour-and-why. In short:
 * - the interpreter is AUTO_UPGRADE: a run waits for days on approvals, so it must move to the
 *   current version instead of keeping the old workers alive; every behaviour change goes behind
 *   `patched()` and the replay gate proves the new code replays the old histories;
 * - the concurrency lock is AUTO_UPGRADE too: it is short when idle, but it lives as long as the
 *   run that holds it, and a lock PINNED to a version that was scaled to zero would never grant
 *   the next run in its queue.
 * Setting a behaviour issues no command, so it needs no patch.
 */
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, runbookWorkflow);
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, concurrencyLockWorkflow);
