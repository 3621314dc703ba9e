// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunbookDefinition } from '../runbook/model.js';
import { parseRunbook } from '../runbook/parse.js';
import type { CaseTrace } from './case-trace.js';
import {
  computeCoverage,
  coverageByRunbook,
  renderCoverage,
  renderCoverageJson,
  renderCoverageMarkdown,
  uncovered,
} from './coverage.js';
import { CoverageError } from './coverage-error.js';

const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: shop }
spec:
  params:
    env: { type: string, default: staging }
  steps:
    - id: approve
      when: "\${{ params.env == 'prod' }}"
      uses: approval
      with: { message: go?, timeout: 4h }
    - id: confirm
      uses: approval
      with: { message: really? }
    - id: set-image
      uses: kubernetes.setImage
      with: { namespace: shop, name: web, containers: { web: "web:2" } }
    - id: status
      uses: kubernetes.rolloutStatus
      with: { namespace: shop, name: web }
    - id: scale
      uses: kubernetes.scale
      with: { namespace: shop, name: web, replicas: 3 }
      rollback: none
    - id: fan-out
      parallel:
        - id: left
          run: [echo, left]
          rollback:
            run: [echo, undo-left]
        - id: right
          when: "\${{ params.env == 'prod' }}"
          run: [echo, right]
    - id: each
      forEach:
        items: [a, b]
        steps:
          - id: item-step
            run: [echo, "\${{ item }}"]
  onFailure:
    - id: report
      run: [echo, failed]
`;

function definition(): RunbookDefinition {
  const parsed = parseRunbook(RUNBOOK, 'runbooks/shop.yaml');
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.diagnostics));
  return parsed.runbook;
}

function trace(partial: Partial<CaseTrace>): CaseTrace {
  return {
    runbook: 'shop',
    status: 'Succeeded',
    ran: [],
    skipped: [],
    whenOutcomes: [],
    rolledBack: [],
    approvals: [],
    ...partial,
  };
}

/** staging, everything succeeds: approve and right skipped by their `when:`. */
const SUCCESS = trace({
  ran: ['confirm', 'set-image', 'status', 'scale', 'fan-out', 'left', 'each', 'item-step'],
  skipped: ['approve', 'right'],
  whenOutcomes: [
    { step: 'approve', value: false },
    { step: 'right', value: false },
  ],
  approvals: [{ step: 'confirm', outcome: 'approved', approvers: ['alice'] }],
});

/** prod, the rollout fails: set-image's built-in undo runs and fails. */
const ROLLOUT_FAILS = trace({
  status: 'RollbackFailed',
  ran: ['approve', 'confirm', 'set-image', 'status', 'report'],
  whenOutcomes: [{ step: 'approve', value: true }],
  rolledBack: [{ step: 'set-image', ok: false }],
  approvals: [
    { step: 'approve', outcome: 'approved', approvers: ['alice'] },
    { step: 'confirm', outcome: 'approved', approvers: ['bob'] },
  ],
});

/** prod, the approval is rejected: nothing to undo. */
const REJECTED = trace({
  status: 'Failed',
  ran: ['approve', 'report'],
  whenOutcomes: [{ step: 'approve', value: true }],
  approvals: [{ step: 'approve', outcome: 'rejected', approvers: [] }],
});

describe('computeCoverage', () => {
  it('lists every step, nested and onFailure ones included, with the cases it ran in', () => {
    const report = computeCoverage(definition(), [SUCCESS, ROLLOUT_FAILS, REJECTED]);
    assert.deepEqual(
      report.steps.map((s) => [s.id, s.cases, s.parent ?? '', s.section]),
      [
        ['approve', 2, '', 'steps'],
        ['confirm', 2, '', 'steps'],
        ['set-image', 2, '', 'steps'],
        ['status', 2, '', 'steps'],
        ['scale', 1, '', 'steps'],
        ['fan-out', 1, '', 'steps'],
        ['left', 1, 'fan-out', 'steps'],
        ['right', 0, 'fan-out', 'steps'],
        ['each', 1, '', 'steps'],
        ['item-step', 1, 'each', 'steps'],
        ['report', 2, '', 'onFailure'],
      ],
    );
    assert.equal(report.cases, 3);
    assert.equal(report.file, 'runbooks/shop.yaml');
    assert.deepEqual(report.totals.steps, { covered: 10, total: 11 });
  });

  it('counts both sides of every when:, a step that ran counting as true', () => {
    const onlyRan = trace({ ran: ['approve'], approvals: [] });
    const report = computeCoverage(definition(), [SUCCESS, onlyRan]);
    assert.deepEqual(
      report.branches.map((b) => [b.step, b.trueCases, b.falseCases]),
      [
        ['approve', 1, 1],
        ['right', 0, 1],
      ],
    );
    assert.equal(report.branches[0]?.when, "${{ params.env == 'prod' }}");
    assert.deepEqual(report.totals.branches, { covered: 3, total: 4 });
  });

  it('lists the rollbacks a failure can run (own rollback:, built-in undo) and how each ended', () => {
    const ok = trace({
      status: 'RolledBack',
      rolledBack: [
        { step: 'left', ok: true },
        { step: 'set-image', ok: true },
      ],
    });
    const report = computeCoverage(definition(), [ok, ROLLOUT_FAILS, SUCCESS]);
    // status (rolloutStatus) has no undo, scale says rollback: none: neither is listed.
    assert.deepEqual(
      report.rollbacks.map((r) => [r.step, r.summary, r.okCases, r.failedCases]),
      [
        ['set-image', 'built-in undo of kubernetes.setImage', 1, 1],
        ['left', 'rollback: run echo undo-left', 1, 0],
      ],
    );
    assert.deepEqual(report.totals.rollbacks, { covered: 2, total: 2 });
  });

  it('counts a rollback that ran for several forEach items once per case', () => {
    const twice = trace({
      rolledBack: [
        { step: 'left', ok: true },
        { step: 'left', ok: true },
      ],
    });
    const report = computeCoverage(definition(), [twice]);
    assert.equal(report.rollbacks.find((r) => r.step === 'left')?.okCases, 1);
  });

  it('offers timedOut only for an approval that has a timeout', () => {
    const report = computeCoverage(definition(), [SUCCESS, ROLLOUT_FAILS, REJECTED]);
    assert.deepEqual(
      report.approvals.map((a) => [a.step, a.outcomes]),
      [
        ['approve', { approved: 1, rejected: 1, timedOut: 0 }],
        ['confirm', { approved: 2, rejected: 0 }],
      ],
    );
    assert.deepEqual(report.totals.approvalOutcomes, { covered: 3, total: 5 });
  });

  it('with no cases, reports everything as never exercised', () => {
    const report = computeCoverage(definition(), []);
    assert.equal(report.totals.steps.covered, 0);
    const gaps = uncovered(report);
    assert.equal(gaps.filter((g) => g.what === 'step').length, 11);
    assert.equal(gaps.filter((g) => g.what === 'branch').length, 4);
    assert.equal(gaps.filter((g) => g.what === 'rollback').length, 2);
    assert.equal(gaps.filter((g) => g.what === 'approval').length, 5);
  });

  it('refuses a trace of another runbook (RB9150)', () => {
    assert.throws(
      () => computeCoverage(definition(), [trace({ runbook: 'other' })]),
      (error) =>
        error instanceof CoverageError &&
        error.code === 'RB9150' &&
        /a case of runbook other was counted for runbook shop \(runbooks\/shop\.yaml\)/.test(
          error.message,
        ),
    );
  });

  it('refuses a trace naming a step the runbook does not have (RB9151)', () => {
    assert.throws(
      () => computeCoverage(definition(), [trace({ ran: ['set-image', 'smoke'] })]),
      (error) =>
        error instanceof CoverageError &&
        error.code === 'RB9151' &&
        error.step === 'smoke' &&
        /runbook shop \(runbooks\/shop\.yaml\) has no step smoke/.test(error.message),
    );
  });

  it('refuses a when: outcome of a step without when: and an approval outcome of a non-approval', () => {
    assert.throws(
      () =>
        computeCoverage(definition(), [trace({ whenOutcomes: [{ step: 'status', value: true }] })]),
      (error) =>
        error instanceof CoverageError &&
        error.code === 'RB9151' &&
        /has no when: of step status/.test(error.message),
    );
    assert.throws(
      () =>
        computeCoverage(definition(), [
          trace({ approvals: [{ step: 'status', outcome: 'approved', approvers: [] }] }),
        ]),
      (error) =>
        error instanceof CoverageError &&
        error.code === 'RB9151' &&
        /has no approval step status/.test(error.message),
    );
  });
});

describe('uncovered', () => {
  it('names each gap with its step and file:line:col, in the runbook order', () => {
    const report = computeCoverage(definition(), [SUCCESS, ROLLOUT_FAILS, REJECTED]);
    assert.deepEqual(
      uncovered(report).map((g) => `${g.source.file}:${g.source.line} ${g.step}: ${g.description}`),
      [
        'runbooks/shop.yaml:31 right: never ran',
        "runbooks/shop.yaml:31 right: when: never true (${{ params.env == 'prod' }})",
        'runbooks/shop.yaml:30 left: rollback never ran (rollback: run echo undo-left)',
        'runbooks/shop.yaml:8 approve: approval never timed out',
        'runbooks/shop.yaml:12 confirm: approval never rejected',
      ],
    );
  });
});

describe('renderCoverage', () => {
  const report = () => computeCoverage(definition(), [SUCCESS, ROLLOUT_FAILS, REJECTED]);

  it('shows totals, every step, branch, rollback and approval, and what never ran', () => {
    const text = renderCoverage(report());
    const lines = text.split('\n');
    assert.equal(lines[0], 'coverage of shop (runbooks/shop.yaml), 3 cases');
    assert.equal(
      lines[1],
      '  steps 10/11 · when: branches 3/4 · rollbacks 1/2 · approval outcomes 3/5',
    );
    for (const id of [
      'approve',
      'confirm',
      'set-image',
      'status',
      'scale',
      'left',
      'right',
      'item-step',
      'report',
    ]) {
      assert.ok(
        lines.some((line) => new RegExp(`^    [✔✖] ${id} +`).test(line)),
        `step ${id} listed`,
      );
    }
    assert.ok(lines.includes('    ✖ right      never ran'), text);
    assert.ok(lines.includes('    ✔ report     ran in 2 of 3 cases (onFailure)'), text);
    assert.ok(
      lines.includes(
        '    ✔ set-image  ok never, failed in 1   built-in undo of kubernetes.setImage',
      ),
      text,
    );
    assert.ok(lines.includes('    ✖ left       never ran   rollback: run echo undo-left'), text);
    assert.ok(
      lines.includes('    ✖ approve    approved in 1, rejected in 1, timedOut never'),
      text,
    );
    assert.ok(lines.includes('  never exercised (5)'), text);
    assert.ok(
      lines.includes(
        '    runbooks/shop.yaml:30:13  left: rollback never ran (rollback: run echo undo-left)',
      ),
      text,
    );
  });

  it('says so when everything was exercised', () => {
    const parsed = parseRunbook(
      'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: one }\nspec:\n  steps:\n    - id: only\n      run: [echo, hi]\n',
      'one.yaml',
    );
    assert.ok(parsed.ok);
    const text = renderCoverage(
      computeCoverage(parsed.runbook, [trace({ runbook: 'one', ran: ['only'] })]),
    );
    assert.match(text, /steps 1\/1 · when: branches — · rollbacks — · approval outcomes —/);
    assert.match(text, /\n {2}everything was exercised$/);
  });

  it('renders several runbooks and a JSON form that carries the gaps', () => {
    const json = JSON.parse(renderCoverageJson([report()])) as {
      runbook: string;
      totals: { steps: { covered: number } };
      uncovered: { step: string; what: string }[];
    }[];
    assert.equal(json[0]?.runbook, 'shop');
    assert.equal(json[0]?.totals.steps.covered, 10);
    assert.deepEqual(
      json[0]?.uncovered.map((g) => `${g.what} ${g.step}`),
      ['step right', 'branch right', 'rollback left', 'approval approve', 'approval confirm'],
    );
  });

  it('renders a Markdown summary with a totals row and the gaps', () => {
    const markdown = renderCoverageMarkdown([report()]);
    assert.match(markdown, /\| `shop` \| 3 \| 10\/11 \| 3\/4 \| 1\/2 \| 3\/5 \|/);
    assert.match(markdown, /- `runbooks\/shop\.yaml:31:11` \*\*right\*\*: never ran/);
  });
});

describe('coverageByRunbook', () => {
  it('counts the cases of two test files of one runbook together, one report per runbook', () => {
    const other = parseRunbook(
      'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: one }\nspec:\n  steps:\n    - id: only\n      run: [echo, hi]\n',
      'runbooks/a-one.yaml',
    );
    assert.ok(other.ok);
    const reports = coverageByRunbook([
      { definition: definition(), traces: [SUCCESS] },
      { definition: other.runbook, traces: [trace({ runbook: 'one', ran: ['only'] })] },
      { definition: definition(), traces: [ROLLOUT_FAILS, REJECTED] },
    ]);
    assert.deepEqual(
      reports.map((r) => [r.file, r.runbook, r.cases]),
      [
        ['runbooks/a-one.yaml', 'one', 1],
        ['runbooks/shop.yaml', 'shop', 3],
      ],
    );
    assert.deepEqual(reports[1], computeCoverage(definition(), [SUCCESS, ROLLOUT_FAILS, REJECTED]));
  });
});
