export type { AttemptIndexEntry } from './log-paths.js';
export { ATTEMPTS_INDEX_FILE, runLogDir, stepLogFileName } from './log-paths.js';
export type { ReadStepLogsOptions, StepLog } from './read-step-logs.js';
export { readStepLogs } from './read-step-logs.js';
