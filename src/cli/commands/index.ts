import type { Command } from '../io.js';

/**
 * Every `runbook <name>` command. Each module exports one `Command`; they are loaded lazily so
 * that `runbook validate` does not pay for loading the Temporal worker.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  run: {
    summary: 'start a run and follow its progress',
    load: () => import('./run.js').then((m) => m.runCommand),
  },
  status: {
    summary: 'show the step tree of a run',
    load: () => import('./status.js').then((m) => m.statusCommand),
  },
  approve: {
    summary: 'approve a waiting approval step',
    load: () => import('./decide.js').then((m) => m.approveCommand),
  },
  reject: {
    summary: 'reject a waiting approval step (the run rolls back)',
    load: () => import('./decide.js').then((m) => m.rejectCommand),
  },
  cancel: {
    summary: 'cancel a run (finished steps are rolled back)',
    load: () => import('./cancel.js').then((m) => m.cancelCommand),
  },
  logs: {
    summary: "print the full logs of a run's steps",
    load: () => import('./logs.js').then((m) => m.logsCommand),
  },
  history: {
    summary: 'list runs, filterable by runbook, status and actor',
    load: () => import('./history.js').then((m) => m.historyCommand),
  },
  worker: {
    summary: 'run a worker that executes runbooks',
    load: () => import('./worker.js').then((m) => m.workerCommand),
  },
  server: {
    summary: 'serve Slack, GitHub webhooks and health probes over HTTP',
    load: () => import('./server.js').then((m) => m.serverCommand),
  },
  dev: {
    summary: 'embedded Temporal dev server + worker in the foreground',
    load: () => import('./dev.js').then((m) => m.devCommand),
  },
  demo: {
    summary: 'run the example runbooks on the embedded server, live',
    load: () => import('./demo.js').then((m) => m.demoCommand),
  },
  validate: {
    summary: 'check runbook files (exit 1 on any error)',
    load: () => import('./validate.js').then((m) => m.validateCommand),
  },
  test: {
    summary: 'run the *.test.yaml cases of runbooks with mock activities (exit 1 on a failure)',
    load: () => import('./test.js').then((m) => m.testCommand),
  },
  plan: {
    summary: 'show what a run with given params would do',
    load: () => import('./plan.js').then((m) => m.planCommand),
  },
  schema: {
    summary: 'print the JSON Schema of runbook files',
    load: () => import('./schema.js').then((m) => m.schemaCommand),
  },
  keys: {
    summary: 'generate a key pair for signing votes (runbook server, workers)',
    load: () => import('./keys.js').then((m) => m.keysCommand),
  },
};
