// The audit records of recorded histories (test/histories/), read without a server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { auditRecordsOf } from '../../src/audit/history-records.js';
import { historyFromJSON } from '../../src/testing/history-json.js';

function recorded(name: string) {
  const path = new URL(`../histories/${name}.json`, import.meta.url);
  return historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
}

test('a run after patch vote-verdicts-recorded reports each vote with the verdict the run recorded', async () => {
  const records = await auditRecordsOf(
    'approval-audited',
    recorded('approval-audited'),
    loadDataConverter(),
  );
  assert.deepEqual(
    records.map((r) => [r.event, r.who, r.verified, r.via]),
    [
      ['start', 'cli:recorder', false, 'cli'],
      ['vote', 'slack:UBOB', true, 'slack'],
      ['vote', 'cli:carol', false, 'cli'],
    ],
  );
  assert.deepEqual(records[1]?.detail, {
    step: 'gate',
    decision: 'approve',
    person: 'slack:UBOB',
    channel: 'update',
  });
});

test('a run from before the patch reports its Update vote unverified, saying it was signed and not re-checked', async () => {
  const records = await auditRecordsOf(
    'approval-verified',
    recorded('approval-verified'),
    loadDataConverter(),
  );
  const votes = records.filter((r) => r.event === 'vote');
  assert.equal(votes.length, 1);
  assert.equal(votes[0]?.who, 'slack:UBOB');
  assert.equal(votes[0]?.verified, false);
  assert.equal(votes[0]?.detail.signed, true);
  assert.match(String(votes[0]?.detail.note), /not re-checked/);
});
