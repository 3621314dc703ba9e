import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, frameLines, redrawFrame, visibleLength } from './terminal-frame.js';

const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

test('visibleLength counts characters, not color codes', () => {
  assert.equal(visibleLength(`${GREEN}✔ build${RESET}  Succeeded`), 18);
});

test('fitLine cuts to the width with an ellipsis and resets a color it cut inside', () => {
  const line = `${GREEN}✔ build  Succeeded${RESET}`;
  const cut = fitLine(line, 8);
  assert.equal(visibleLength(cut), 8);
  assert.equal(cut, `${GREEN}✔ build…${RESET}`);
  assert.equal(fitLine(line, 40), line);
});

test('frameLines keeps each line one short of the width and the frame one short of the height', () => {
  const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(30)}`);
  const shown = frameLines(lines, { columns: 20, rows: 5 });
  assert.equal(shown.length, 4);
  assert.ok(shown.every((line) => visibleLength(line) <= 19));
  assert.equal(shown.at(-1), '… 7 more lines');
});

test('redrawFrame erases exactly the rows drawn last, then prints notes and the new frame', () => {
  const first = redrawFrame(0, ['a', 'b'], { columns: 80 });
  assert.deepEqual(first, { text: 'a\nb\n', rows: 2 });
  const second = redrawFrame(first.rows, ['a', 'b', 'c'], { columns: 80 }, ['note']);
  assert.deepEqual(second, { text: '\x1b[2A\x1b[0Jnote\na\nb\nc\n', rows: 3 });
});
