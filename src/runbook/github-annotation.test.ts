// `runbook validate --format github`: each diagnostic as one GitHub workflow command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Diagnostic, formatGithubAnnotation } from './diagnostics.js';

const base: Diagnostic = {
  code: 'RB1001',
  severity: 'error',
  message: 'unknown key "timout" in spec.steps[0]',
  file: 'runbooks/deploy.yaml',
  line: 8,
  column: 7,
  endLine: 8,
  endColumn: 13,
  hint: 'did you mean "timeout"?',
};

describe('formatGithubAnnotation', () => {
  it('writes ::error with file, line, col, endLine, endColumn and the code as title', () => {
    assert.equal(
      formatGithubAnnotation(base),
      '::error file=runbooks/deploy.yaml,line=8,col=7,endLine=8,endColumn=13,title=RB1001::unknown key "timout" in spec.steps[0]%0Adid you mean "timeout"?',
    );
  });

  it('writes a warning as ::warning, and leaves out an end it does not have', () => {
    const { endLine: _l, endColumn: _c, hint: _h, ...rest } = base;
    assert.equal(
      formatGithubAnnotation({ ...rest, severity: 'warning', message: 'm' }),
      '::warning file=runbooks/deploy.yaml,line=8,col=7,title=RB1001::m',
    );
  });

  it('escapes % CR LF in the message, and , : as well in properties, so nothing breaks out', () => {
    const { hint: _hint, ...noHint } = base;
    const line = formatGithubAnnotation({
      ...noHint,
      file: 'run,books/a:b%c\n.yaml',
      message: '100% sure\r\n::error file=x::forged',
    });
    assert.equal(
      line,
      '::error file=run%2Cbooks/a%3Ab%25c%0A.yaml,line=8,col=7,endLine=8,endColumn=13,title=RB1001::100%25 sure%0D%0A::error file=x::forged',
    );
    assert.equal(line.split('\n').length, 1);
  });
});
