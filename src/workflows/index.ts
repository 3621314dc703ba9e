// The workflows a worker registers (its `workflowsPath`). Only deterministic code lives here.
export { concurrencyLockWorkflow } from './concurrency-lock.js';
export { runbookWorkflow } from './runbook-workflow.js';

// Declares each type's Worker Deployment versioning behaviour (a side effect on the functions above).
