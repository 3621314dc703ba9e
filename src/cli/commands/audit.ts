// `runbook audit [--since …] [--runbook name] [--limit n]`: who started, voted on, cancelled or
// terminated runs, as JSON lines read from the runs' histories (docs/audit.md).
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { AuditRecord } from '../../audit/audit-record.js';
import { parseSince } from '../../audit/audit-since.js';
import { auditRecordsOf } from '../../audit/history-records.js';
import { clientExtrasFromEnv } from '../../temporal/process-extras.js';
import { RUNBOOK_WORKFLOW_TYPE } from '../../workflows/definitions.js';
import { type Command, UsageError } from '../io.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { quoteVisibilityValue } from '../support/visibility-query.js';

const HELP = `Usage: runbook audit [--since 24h|7d|2026-11-01T00:00:00Z] [--runbook name] [--limit 100]

Prints one JSON line per start, vote, cancel and termination of the runs that started since
--since (default: all), oldest first:
  {time, run, runbook, commit, planHash?, event, who, verified, via, detail}
read from each run's history (decoded with RUNBOOK_CODEC_KEYS when payloads are encrypted).
At most --limit runs (default ${100}, at most ${1000}) are read, newest first; a note on stderr
says when more runs match. What each field means and what it proves: docs/audit.md.
`;

export const DEFAULT_AUDIT_RUNS = 100;
export const MAX_AUDIT_RUNS = 1000;
/** Runs listed per visibility page. */
const PAGE_SIZE = 100;

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_AUDIT_RUNS;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_RUNS) {
    throw new UsageError(
      `--limit must be a whole number of runs from 1 to ${MAX_AUDIT_RUNS}, not "${text}"`,
    );
  }
  return limit;
}

export const auditCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    {
      args: [...args],
      options: {
        since: { type: 'string' },
        runbook: { type: 'string' },
        limit: { type: 'string' },
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
  const limit = limitOf(values.limit);
  const filters = [`WorkflowType = ${quoteVisibilityValue(RUNBOOK_WORKFLOW_TYPE)}`];
  if (values.since !== undefined) {
    const since = parseSince(values.since, new Date());
    filters.push(`StartTime >= ${quoteVisibilityValue(since.toISOString())}`);
  }
  if (values.runbook !== undefined)
    filters.push(`RunbookName = ${quoteVisibilityValue(values.runbook)}`);
  const converter = loadDataConverter(clientExtrasFromEnv(io.env).dataConverter);
  return withClient(io, values, async (client) => {
    const records: AuditRecord[] = [];
    let runs = 0;
    let more = false;
    for await (const run of client.workflow.list({
      query: filters.join(' AND '),
      pageSize: PAGE_SIZE,
    })) {
      if (runs >= limit) {
        more = true;
        break;
      }
      runs += 1;
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      records.push(...(await auditRecordsOf(run.workflowId, history, converter)));
    }
    records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    for (const record of records) io.stdout.write(`${JSON.stringify(record)}\n`);
    if (more) {
      io.stderr.write(
        `note: more than ${limit} runs match; only the newest ${limit} were read. Narrow --since or --runbook, or raise --limit (at most ${MAX_AUDIT_RUNS})\n`,
      );
    }
    return 0;
  });
};
