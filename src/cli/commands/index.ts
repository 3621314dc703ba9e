import type { Command } from '../io.js';

/**
 * Every `runbook <name>` command. Each module exports one `Command`; they are loaded lazily so
 * that `runbook validate` does not pay for loading the Temporal worker.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {};
