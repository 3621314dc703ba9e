/**
 * How `runbook test --coverage` shows a coverage report: text for a terminal, JSON for tools,
 * Markdown for a GitHub job summary. Each one names everything that was never exercised with its
 * `file:line:col`. Pure.
 */
import type { ApprovalOutcome } from './case-trace.js';
import type { CoverageCount, RunbookCoverage } from './coverage.js';
import { type Uncovered, uncovered } from './coverage-gaps.js';

const YES = '✔';
const NO = '✖';

/** The text form: totals, every step, branch, rollback and approval, then what never ran. */
export function renderCoverage(report: RunbookCoverage | readonly RunbookCoverage[]): string {
  const reports = Array.isArray(report) ? report : [report as RunbookCoverage];
  return reports.map(renderOne).join('\n\n');
}

/** The JSON form: the reports as they are, plus the list of what was never exercised. */
export function renderCoverageJson(report: RunbookCoverage | readonly RunbookCoverage[]): string {
  const reports = Array.isArray(report) ? report : [report as RunbookCoverage];
  return JSON.stringify(
    reports.map((one) => ({ ...one, uncovered: uncovered(one) })),
    null,
    2,
  );
}

/** The Markdown form, for `$GITHUB_STEP_SUMMARY`: one table of totals, then the gaps per runbook. */
export function renderCoverageMarkdown(
  report: RunbookCoverage | readonly RunbookCoverage[],
): string {
  const reports = Array.isArray(report) ? report : [report as RunbookCoverage];
  const lines = [
    '## Runbook test coverage',
    '',
    '| runbook | cases | steps | `when:` branches | rollbacks | approval outcomes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...reports.map(
      (one) =>
        `| \`${one.runbook}\` | ${one.cases} | ${ratio(one.totals.steps)} | ${ratio(one.totals.branches)} | ${ratio(one.totals.rollbacks)} | ${ratio(one.totals.approvalOutcomes)} |`,
    ),
  ];
  for (const one of reports) {
    const gaps = uncovered(one);
    if (gaps.length === 0) continue;
    lines.push('', `### Never exercised in \`${one.runbook}\``, '');
    for (const gap of gaps) lines.push(`- \`${at(gap)}\` **${gap.step}**: ${gap.description}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderOne(report: RunbookCoverage): string {
  const { totals } = report;
  const cases = `${report.cases} case${report.cases === 1 ? '' : 's'}`;
  const lines = [
    `coverage of ${report.runbook} (${report.file}), ${cases}`,
    `  steps ${ratio(totals.steps)} · when: branches ${ratio(totals.branches)} · rollbacks ${ratio(totals.rollbacks)} · approval outcomes ${ratio(totals.approvalOutcomes)}`,
  ];
  const width = Math.max(0, ...report.steps.map((step) => step.id.length));
  const row = (ok: boolean, id: string, text: string) =>
    `    ${ok ? YES : NO} ${id.padEnd(width)}  ${text}`;

  lines.push('  steps');
  for (const step of report.steps) {
    const section = step.section === 'onFailure' ? ' (onFailure)' : '';
    const ran = step.cases === 0 ? 'never ran' : `ran in ${step.cases} of ${cases}`;
    lines.push(row(step.cases > 0, step.id, `${ran}${section}`));
  }
  if (report.branches.length > 0) {
    lines.push('  when: branches');
    for (const branch of report.branches) {
      const text = `true ${times(branch.trueCases)}, false ${times(branch.falseCases)}   ${branch.when}`;
      lines.push(row(branch.trueCases > 0 && branch.falseCases > 0, branch.step, text));
    }
  }
  if (report.rollbacks.length > 0) {
    lines.push('  rollbacks');
    for (const rollback of report.rollbacks) {
      const ran = rollback.okCases + rollback.failedCases;
      const text =
        ran === 0
          ? `never ran   ${rollback.summary}`
          : `ok ${times(rollback.okCases)}, failed ${times(rollback.failedCases)}   ${rollback.summary}`;
      lines.push(row(ran > 0, rollback.step, text));
    }
  }
  if (report.approvals.length > 0) {
    lines.push('  approval outcomes');
    for (const approval of report.approvals) {
      const entries = Object.entries(approval.outcomes) as [ApprovalOutcome, number][];
      const text = entries.map(([outcome, n]) => `${outcome} ${times(n)}`).join(', ');
      lines.push(
        row(
          entries.every(([, n]) => n > 0),
          approval.step,
          text,
        ),
      );
    }
  }
  const gaps = uncovered(report);
  if (gaps.length === 0) {
    lines.push('  everything was exercised');
  } else {
    lines.push(`  never exercised (${gaps.length})`);
    const where = Math.max(...gaps.map((gap) => at(gap).length));
    for (const gap of gaps) {
      lines.push(`    ${at(gap).padEnd(where)}  ${gap.step}: ${gap.description}`);
    }
  }
  return lines.join('\n');
}

function ratio({ covered, total }: CoverageCount): string {
  return total === 0 ? '—' : `${covered}/${total}`;
}

function times(cases: number): string {
  return cases === 0 ? 'never' : `in ${cases}`;
}

function at(gap: Uncovered): string {
  return `${gap.source.file}:${gap.source.line}:${gap.source.column}`;
}
