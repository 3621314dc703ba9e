import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputsFileError, parseOutputsFile } from './outputs-file.js';

describe('parseOutputsFile', () => {
  it('reads key=value lines, keeping "=" inside values', () => {
    assert.deepEqual(parseOutputsFile('version=1.2.3\nquery=a=b&c=d\n'), {
      version: '1.2.3',
      query: 'a=b&c=d',
    });
  });

  it('reads a heredoc block as a multi-line value', () => {
    const text = 'notes<<EOF\nline one\nline two\nEOF\nafter=1\n';

    assert.deepEqual(parseOutputsFile(text), { notes: 'line one\nline two', after: '1' });
  });

  it('lets a later line for the same key win', () => {
    assert.deepEqual(parseOutputsFile('a=1\n\na=2\n'), { a: '2' });
  });

  it('rejects an unclosed heredoc, naming its line', () => {
    assert.throws(
      () => parseOutputsFile('ok=1\nbody<<END\nno end'),
      (error: unknown) =>
        error instanceof OutputsFileError && error.line === 2 && /never closed/.test(error.message),
    );
  });

  it('rejects a line without "=" or "<<"', () => {
    assert.throws(() => parseOutputsFile('just text'), /line 1: expected key=value/);
  });
});
