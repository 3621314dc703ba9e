import type { Command } from '../io.js';

/**
 * Every `runbook <name>` command. Each module exports one `Command`; they are loaded lazily so
 * that `runbook validate` does not pay for loading the Temporal worker.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: 'check runbook files (exit 1 on any error)',
    load: () => import('./validate.js').then((m) => m.validateCommand),
  },
  plan: {
    summary: 'show what a run with given params would do',
    load: () => import('./plan.js').then((m) => m.planCommand),
  },
  schema: {
    summary: 'print the JSON Schema of runbook files',
    load: () => import('./schema.js').then((m) => m.schemaCommand),
  },
};
