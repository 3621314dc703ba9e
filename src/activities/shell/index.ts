export { parseOutputsFile } from './outputs-file.js';
export type {
  CommandFailedDetails,
  CommandWorkdir,
  RunCommand,
  RunCommandDeps,
  RunCommandHeartbeat,
  RunCommandInput,
  RunCommandResult,
} from './run-command.js';
export {
  CommandFailureType,
  createRunCommand,
  DEFAULT_OUTPUT_TAIL_BYTES,
  describeCommand,
  HEARTBEAT_INTERVAL_MS,
  INHERITED_ENV_NAMES,
  KILL_GRACE_MS,
  MAX_OUTPUT_TAIL_BYTES,
  MAX_OUTPUTS_FILE_BYTES,
  SHELL_ARGS,
} from './run-command.js';
