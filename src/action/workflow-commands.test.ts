import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeData, escapeProperty, verbatimBlock, workflowCommand } from './workflow-commands.js';

describe('workflow commands', () => {
  it('escapes %, CR and LF in a message, so a value cannot start a line of its own', () => {
    assert.equal(escapeData('50% done\r\n::error::x'), '50%25 done%0D%0A::error::x');
  });

  it('escapes : and , in a property too', () => {
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });

  it('writes properties in order, leaving out undefined ones', () => {
    assert.equal(
      workflowCommand(
        'error',
        { file: 'a,b.yaml', line: 3, col: undefined, title: 'RB8087' },
        'x\ny',
      ),
      '::error file=a%2Cb.yaml,line=3,title=RB8087::x%0Ay',
    );
    assert.equal(workflowCommand('endgroup', {}, ''), '::endgroup::');
  });

  it('wraps verbatim text in stop-commands and its end token', () => {
    assert.deepEqual(verbatimBlock('::error::not me\nsecond\n', 'tok'), [
      '::stop-commands::tok',
      '::error::not me',
      'second',
      '::tok::',
    ]);
  });
});
