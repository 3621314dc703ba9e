import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { FakeTerminal } from '../../testing/fake-terminal.js';
import type { RunProgress, StepStatus } from '../../workflows/types.js';
import { ProgressPrinter } from './render-progress.js';

const RUN_ID = 'demo-release-with-approval-3f9a1c';

function progress(status: RunProgress['status'], steps: Array<[string, StepStatus]>): RunProgress {
  return {
    runbook: 'release-with-approval',
    commit: 'b1e54a456ec6e5e362a968c0',
    triggeredBy: 'demo:operator',
    status,
    startedAt: 0,
    steps: steps.map(([id, stepStatus]) => ({
      key: id,
      id,
      kind: 'run',
      depth: 0,
      status: stepStatus,
      attempt: 1,
    })),
  };
}

/** The rows that show the run's header line (it names the run id). */
function headers(terminal: FakeTerminal): string[] {
  return terminal.screen().filter((row) => row.includes(`run ${RUN_ID}`));
}

test('on a terminal the header is drawn once however often the run changes state', () => {
  const terminal = new FakeTerminal(200, 40);
  const printer = new ProgressPrinter(terminal, RUN_ID);
  printer.update(progress('Running', [['preflight', 'Running']]));
  printer.update(
    progress('Running', [
      ['preflight', 'Succeeded'],
      ['approve', 'Pending'],
    ]),
  );
  printer.update(
    progress('WaitingApproval', [
      ['preflight', 'Succeeded'],
      ['approve', 'WaitingApproval'],
    ]),
  );
  printer.update(
    progress('Succeeded', [
      ['preflight', 'Succeeded'],
      ['approve', 'Succeeded'],
    ]),
  );
  assert.deepEqual(headers(terminal).length, 1, terminal.screen().join('\n'));
  assert.match(headers(terminal)[0] ?? '', /Succeeded$/);
  assert.equal(terminal.screen().filter((row) => row.includes('preflight')).length, 1);
});

test('a note printed while the tree is shown stays above it and the tree is redrawn below', () => {
  const terminal = new FakeTerminal(200, 40);
  const printer = new ProgressPrinter(terminal, RUN_ID);
  printer.update(
    progress('WaitingApproval', [
      ['preflight', 'Succeeded'],
      ['approve', 'WaitingApproval'],
    ]),
  );
  printer.note('  → demo:reviewer approves');
  printer.update(
    progress('Running', [
      ['preflight', 'Succeeded'],
      ['approve', 'Succeeded'],
      ['release', 'Running'],
    ]),
  );
  const screen = terminal.screen();
  assert.equal(headers(terminal).length, 1, screen.join('\n'));
  assert.match(headers(terminal)[0] ?? '', /Running$/);
  const note = screen.findIndex((row) => row.includes('demo:reviewer approves'));
  const header = screen.findIndex((row) => row.includes(`run ${RUN_ID}`));
  assert.ok(note !== -1 && note < header, screen.join('\n'));
  assert.equal(screen.filter((row) => row.includes('approve  ')).length, 1, screen.join('\n'));
});

test('on a narrow terminal lines are cut instead of wrapping, so redraws erase all of the last frame', () => {
  const terminal = new FakeTerminal(60, 40);
  const printer = new ProgressPrinter(terminal, RUN_ID);
  printer.update(progress('Running', [['preflight', 'Running']]));
  printer.update(
    progress('WaitingApproval', [
      ['preflight', 'Succeeded'],
      ['approve', 'WaitingApproval'],
    ]),
  );
  printer.update(
    progress('Succeeded', [
      ['preflight', 'Succeeded'],
      ['approve', 'Succeeded'],
    ]),
  );
  const screen = terminal.screen();
  assert.equal(
    screen.filter((row) => row.startsWith('release-with-approval')).length,
    1,
    screen.join('\n'),
  );
  assert.ok(
    screen.every((row) => row.length < 60),
    screen.join('\n'),
  );
  assert.match(screen[0] ?? '', /…$/);
});

test('a tree taller than the terminal is cut to its height so the next redraw can erase it', () => {
  const terminal = new FakeTerminal(100, 6);
  const printer = new ProgressPrinter(terminal, RUN_ID);
  const many = Array.from({ length: 12 }, (_, i): [string, StepStatus] => [`step-${i}`, 'Pending']);
  printer.update(progress('Running', many));
  printer.update(
    progress(
      'Succeeded',
      many.map(([id]) => [id, 'Succeeded']),
    ),
  );
  const screen = terminal.screen();
  assert.equal(headers(terminal).length, 1, screen.join('\n'));
  assert.match(screen.at(-1) ?? '', /… \d+ more lines/);
});

test('off a terminal each state change is one appended line', () => {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const printer = new ProgressPrinter(out, RUN_ID);
  printer.update(progress('Running', [['preflight', 'Running']]));
  printer.update(progress('Running', [['preflight', 'Running']]));
  printer.update(progress('Succeeded', [['preflight', 'Succeeded']]));
  assert.deepEqual(chunks, [
    `run ${RUN_ID}: Running\n`,
    '  preflight: Running\n',
    `run ${RUN_ID}: Succeeded\n`,
    '  preflight: Succeeded\n',
  ]);
});

test('an approval step shows which votes runbook server verified, and that it takes only those', () => {
  const terminal = new FakeTerminal(200, 40);
  const printer = new ProgressPrinter(terminal, RUN_ID);
  const run = progress('WaitingApproval', [['gate', 'WaitingApproval']]);
  const [gate] = run.steps;
  assert.ok(gate !== undefined);
  gate.required = 2;
  gate.approval = {
    message: 'ship?',
    required: 2,
    approvers: { people: [], groups: ['sre'] },
    allowSelfApproval: false,
    verified: true,
    waitingSince: 0,
    onTimeout: 'reject',
  };
  gate.approvals = [{ by: 'carol', identity: 'slack:U0CAROL', at: 1, verified: true }];
  printer.update(run);
  const row = terminal.screen().find((line) => line.includes('gate')) ?? '';
  assert.match(row, /waiting for 2 verified \(Slack\/GitHub\) approval\(s\)/);
  assert.match(row, /approved by carol \(verified\)/);
});
