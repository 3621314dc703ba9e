// The docs cannot drift from the code: every runbook shown in docs/ validates, every example
// step list uses actions and `with:` keys that exist, the table of actions in
// docs/runbook-format.md is the registry's, and every action's docs link leads somewhere.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ACTIONS, actionTableRows } from '../../src/runbook/actions/index.js';
import { type Diagnostic, formatDiagnostic, parseRunbook } from '../../src/runbook/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docsDir = join(root, 'docs');

interface YamlBlock {
  readonly file: string;
  /** 1-based line of the block's first line of YAML (after the ``` fence). */
  readonly line: number;
  readonly text: string;
}

function yamlBlocks(file: string): YamlBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    blocks.push({ file, line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const markdownFiles = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const blocks = [...markdownFiles, 'README.md'].flatMap(yamlBlocks);

/** The diagnostic at its place in the Markdown file, with that file's code frame. */
function where(block: YamlBlock, d: Diagnostic, lineOffset: number, columnOffset: number): string {
  const shift = block.line - 1 - lineOffset;
  return formatDiagnostic(
    {
      ...d,
      file: block.file,
      line: d.line + shift,
      column: Math.max(1, d.column - columnOffset),
      ...(d.endLine === undefined ? {} : { endLine: d.endLine + shift }),
      ...(d.endColumn === undefined ? {} : { endColumn: Math.max(1, d.endColumn - columnOffset) }),
    },
    readFileSync(join(root, block.file), 'utf8'),
  );
}

describe('runbooks shown in the docs', () => {
  const runbooks = blocks.filter((block) => /^kind:\s*Runbook\s*$/m.test(block.text));

  it('finds the runbook blocks (```yaml with kind: Runbook), the complete example among them', () => {
    assert.ok(
      runbooks.some((block) => block.file === 'docs/runbook-format.md'),
      `runbook blocks found: ${runbooks.map((block) => `${block.file}:${block.line}`).join(', ')}`,
    );
  });

  for (const block of runbooks) {
    it(`${block.file}:${block.line} validates`, () => {
      const result = parseRunbook(block.text, block.file);
      assert.deepEqual(
        result.diagnostics.map((d) => where(block, d, 0, 0)),
        [],
      );
    });
  }
});

describe('step lists shown in the docs', () => {
  // A block that is a list of steps (`- id: …`) is checked inside a stub runbook; only what the
  // action registry decides is asserted (the stub declares no params, so other checks would fail).
  const HEADER =
    'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: docs-example }\nspec:\n  steps:\n';
  const HEADER_LINES = HEADER.split('\n').length - 1;
  const ACTION_CODES = new Set(['RB2003', 'RB2004', 'RB2015']);
  const stepLists = blocks.filter((block) => {
    const contents = parseDocument(block.text).toJSON() as unknown;
    return (
      Array.isArray(contents) &&
      contents.length > 0 &&
      contents.every((item) => typeof item === 'object' && item !== null && 'id' in item)
    );
  });

  it('finds example step lists that use actions', () => {
    assert.ok(
      stepLists.filter((block) => /\buses:/.test(block.text)).length >= 2,
      stepLists.map((block) => `${block.file}:${block.line}`).join(', '),
    );
  });

  for (const block of stepLists) {
    it(`${block.file}:${block.line} uses actions and with: keys that exist`, () => {
      const text = HEADER + block.text.replace(/^/gm, '    ');
      const result = parseRunbook(text, block.file);
      assert.deepEqual(
        result.diagnostics
          .filter((d) => ACTION_CODES.has(d.code))
          .map((d) => where(block, d, HEADER_LINES, 4)),
        [],
      );
    });
  }
});

/** Cells of the Markdown table rows between the markers, whitespace trimmed. */
function tableBetweenMarkers(text: string): string[][] {
  const start = text.indexOf('<!-- actions-table:start');
  const end = text.indexOf('<!-- actions-table:end -->');
  assert.ok(start !== -1 && end > start, 'docs/runbook-format.md has no actions-table markers');
  return text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2) // header and separator
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** Anchors a Markdown page offers: GitHub heading slugs and explicit `<a id>`s. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const heading = (match[1] ?? '').trim().toLowerCase();
    anchors.add(heading.replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  for (const match of text.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(match[1] ?? '');
  return anchors;
}

describe('the action registry in the docs', () => {
  it('docs/runbook-format.md lists exactly the registry’s actions, as the registry describes them', () => {
    const page = readFileSync(join(docsDir, 'runbook-format.md'), 'utf8');
    const expected = actionTableRows(ACTIONS);
    assert.deepEqual(
      tableBetweenMarkers(page),
      expected,
      'regenerate the table with renderActionTable(ACTIONS) from src/runbook/actions and run the formatter',
    );
  });

  it('every action’s docs link names an existing page and anchor', () => {
    for (const action of ACTIONS) {
      const [file, anchor] = action.docs.split('#');
      assert.ok(file !== undefined && existsSync(join(root, file)), `${action.name}: ${file}`);
      assert.ok(
        anchor !== undefined && anchorsOf(readFileSync(join(root, file), 'utf8')).has(anchor),
        `${action.name}: ${action.docs} has no such anchor`,
      );
    }
  });
});
