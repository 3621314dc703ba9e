import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentState, VersionState } from './describe.js';
import { NoPreviousVersionError, VersionNotFoundError } from './errors.js';
import { previousCurrentOf, retireRefusal } from './routing.js';

function state(
  versions: VersionState[],
  routing: Partial<Pick<DeploymentState, 'current' | 'ramping'>> = {},
): DeploymentState {
  return { deploymentName: 'rr', conflictToken: new Uint8Array(), versions, ...routing };
}

const v = (buildId: string, extra: Partial<VersionState> = {}): VersionState => ({
  buildId,
  status: 'inactive',
  drainage: 'none',
  ...extra,
});

test('rollback goes to the version that stopped being current most recently', () => {
  const s = state(
    [
      v('c', { status: 'current' }),
      v('b', { status: 'drained', drainage: 'drained', lastDeactivatedAt: '2026-11-20T10:00:00Z' }),
      v('a', { status: 'drained', drainage: 'drained', lastDeactivatedAt: '2026-11-10T10:00:00Z' }),
      v('new', { status: 'inactive' }),
    ],
    { current: 'c' },
  );
  assert.equal(previousCurrentOf(s).buildId, 'b');
});

test('rollback prefers the server’s lastCurrentTime over lastDeactivationTime', () => {
  const s = state(
    [
      v('c', { status: 'current' }),
      v('ramped-once', { lastDeactivatedAt: '2026-11-21T00:00:00Z' }),
      v('was-current', {
        lastCurrentAt: '2026-11-22T00:00:00Z',
        lastDeactivatedAt: '2026-11-01T00:00:00Z',
      }),
    ],
    { current: 'c' },
  );
  assert.equal(previousCurrentOf(s).buildId, 'was-current');
});

test('rollback with no earlier version is refused with RB9205', () => {
  assert.throws(
    () => previousCurrentOf(state([v('c', { status: 'current' }), v('never')], { current: 'c' })),
    (error: unknown) => error instanceof NoPreviousVersionError && error.code === 'RB9205',
  );
});

test('retire is refused for the current, the ramping, a draining or a polled version, with the reason', () => {
  const s = state(
    [
      v('c', { status: 'current' }),
      v('r', { status: 'ramping' }),
      v('d', { status: 'draining', drainage: 'draining' }),
      v('old', { status: 'drained', drainage: 'drained' }),
    ],
    { current: 'c', ramping: { buildId: 'r', percentage: 10 } },
  );
  assert.match(retireRefusal(s, 'c', 0) ?? '', /it is the current version/);
  assert.match(retireRefusal(s, 'r', 0) ?? '', /it is ramping \(10 %\)/);
  assert.match(retireRefusal(s, 'd', 0) ?? '', /it is still draining/);
  assert.match(retireRefusal(s, 'old', 2) ?? '', /2 worker poller\(s\) still serve it/);
  assert.equal(retireRefusal(s, 'old', 0), undefined);
  assert.throws(() => retireRefusal(s, 'nope', 0), VersionNotFoundError);
});
