// `runbook history [--runbook name] [--status S] [--actor who]`: runs, via visibility.

import { shown } from '../../runbook/bounded-text.js';
import { RUNBOOK_WORKFLOW_TYPE } from '../../workflows/definitions.js';
import type { Command } from '../io.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { quoteVisibilityValue } from '../support/visibility-query.js';

const HELP = `Usage: runbook history [--runbook name] [--status Succeeded|RolledBack|…] [--actor who] [--limit n] [--json]

Lists runs, newest first, from Temporal's visibility store (search attributes RunbookName,
RunStatus, TriggeredBy, RunbookCommit). A finished run's reason comes from its memo
(\`outcome\`), written by runs started since the interpreter's \`outcome-in-memo\` patch.
`;

/** The longest reason shown in the table; --json has the memo's whole (bounded) reason. */
const TABLE_REASON_LIMIT = 80;

/** The memo's `outcome.reason`, when the run recorded one (the memo is data: check its shape). */
export function memoReason(memo: Record<string, unknown> | undefined): string | undefined {
  const outcome = memo?.outcome;
  if (typeof outcome !== 'object' || outcome === null) return undefined;
  const reason = (outcome as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

export const historyCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    {
      args: [...args],
      options: {
        runbook: { type: 'string' },
        status: { type: 'string' },
        actor: { type: 'string' },
        limit: { type: 'string', default: '20' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        ...connectionOptions,
      },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const filters = [`WorkflowType = ${quoteVisibilityValue(RUNBOOK_WORKFLOW_TYPE)}`];
  if (values.runbook !== undefined)
    filters.push(`RunbookName = ${quoteVisibilityValue(values.runbook)}`);
  if (values.status !== undefined)
    filters.push(`RunStatus = ${quoteVisibilityValue(values.status)}`);
  if (values.actor !== undefined)
    filters.push(`TriggeredBy = ${quoteVisibilityValue(values.actor)}`);
  const limit = Number.parseInt(values.limit, 10) || 20;
  return withClient(io, values, async (client) => {
    const rows: Array<Record<string, string>> = [];
    for await (const run of client.workflow.list({ query: filters.join(' AND ') })) {
      const attribute = (name: string) => {
        const value = run.searchAttributes?.[name];
        return Array.isArray(value) && value.length > 0 ? String(value[0]) : '';
      };
      rows.push({
        id: run.workflowId,
        runbook: attribute('RunbookName'),
        status: attribute('RunStatus') || run.status.name,
        actor: attribute('TriggeredBy'),
        commit: attribute('RunbookCommit').slice(0, 12),
        started: run.startTime.toISOString(),
        reason: memoReason(run.memo) ?? '',
      });
      if (rows.length >= limit) break;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout.write('no runs match\n');
      return 0;
    }
    const columns = ['started', 'runbook', 'status', 'actor', 'commit', 'id', 'reason'];
    for (const row of rows) row.reason = shown(row.reason ?? '', TABLE_REASON_LIMIT);
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    io.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
    for (const row of rows) io.stdout.write(`${line(columns.map((c) => row[c] ?? ''))}\n`);
    return 0;
  });
};
