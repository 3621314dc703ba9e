// The workflows a worker registers (its `workflowsPath`). Only deterministic code lives here.
export { runbookWorkflow } from './runbook-workflow.js';
