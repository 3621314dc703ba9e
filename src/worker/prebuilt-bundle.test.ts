import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ENCODED_FAILURES_MARKER } from '../codec/encoded-failures.js';
import {
  prebuiltBundlePath,
  WorkflowBundleMissingError,
  WorkflowBundleVariantError,
} from './prebuilt-bundle.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rr-bundle-'));
  await mkdir(join(dir, 'dist', 'worker'), { recursive: true });
  await mkdir(join(dir, 'src', 'worker'), { recursive: true });
  await writeFile(join(dir, 'dist', 'workflow-bundle.js'), '// bundle');
  await writeFile(join(dir, 'src', 'workflow-bundle.js'), '// a stale leftover');
  await writeFile(
    join(dir, 'dist', 'workflow-bundle.encoded-failures.js'),
    `const marker = '${ENCODED_FAILURES_MARKER}';`,
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const compiled = () => pathToFileURL(join(dir, 'dist', 'worker', 'create-worker.js')).href;
const source = () => pathToFileURL(join(dir, 'src', 'worker', 'create-worker.ts')).href;

describe('prebuiltBundlePath', () => {
  it('compiled code uses the bundle beside it (dist/workflow-bundle.js)', () => {
    assert.equal(prebuiltBundlePath({}, compiled()), join(dir, 'dist', 'workflow-bundle.js'));
  });

  it('the TypeScript sources bundle at start, never loading a file that may be older than them', () => {
    assert.equal(prebuiltBundlePath({}, source()), undefined);
  });

  it('RUNBOOK_WORKFLOW_BUNDLE names the file, from source or compiled code', () => {
    const named = join(dir, 'src', 'workflow-bundle.js');
    assert.equal(prebuiltBundlePath({ RUNBOOK_WORKFLOW_BUNDLE: named }, source()), named);
  });

  it('a RUNBOOK_WORKFLOW_BUNDLE that is not there stops the worker with the command to build it (RB9250)', () => {
    const missing = join(dir, 'nope.js');
    assert.throws(
      () => prebuiltBundlePath({ RUNBOOK_WORKFLOW_BUNDLE: missing }, compiled()),
      (error: unknown) => {
        assert.ok(error instanceof WorkflowBundleMissingError);
        assert.equal(error.code, 'RB9250');
        assert.match(error.message, /no such file\. Build it with `npm run build:bundle -- /);
        return true;
      },
    );
  });

  it('with RUNBOOK_CODEC_KEYS, compiled code uses the bundle that encrypts failure messages', () => {
    assert.equal(
      prebuiltBundlePath({}, compiled(), { encodedFailures: true }),
      join(dir, 'dist', 'workflow-bundle.encoded-failures.js'),
    );
  });

  it('a named bundle whose failure encoding disagrees with RUNBOOK_CODEC_KEYS stops the worker (RB9253)', () => {
    const plain = join(dir, 'dist', 'workflow-bundle.js');
    const encoded = join(dir, 'dist', 'workflow-bundle.encoded-failures.js');
    const refused = (pattern: RegExp) => (error: unknown) => {
      assert.ok(error instanceof WorkflowBundleVariantError);
      assert.equal(error.code, 'RB9253');
      assert.match(error.message, pattern);
      return true;
    };
    assert.throws(
      () =>
        prebuiltBundlePath({ RUNBOOK_WORKFLOW_BUNDLE: plain }, compiled(), {
          encodedFailures: true,
        }),
      refused(
        /built without encrypted failure messages.*npm run build:bundle -- --encoded-failures/,
      ),
    );
    assert.throws(
      () =>
        prebuiltBundlePath({ RUNBOOK_WORKFLOW_BUNDLE: encoded }, compiled(), {
          encodedFailures: false,
        }),
      refused(/built with encrypted failure messages, but RUNBOOK_CODEC_KEYS is not set/),
    );
    assert.equal(
      prebuiltBundlePath({ RUNBOOK_WORKFLOW_BUNDLE: encoded }, source(), { encodedFailures: true }),
      encoded,
    );
  });
});
