/**
 * The table of every action that docs/runbook-format.md shows between its `actions-table`
 * markers; test/runbook/docs.test.ts checks that the page holds exactly this table, so the docs
 * cannot drift from the registry. Pure: no I/O.
 */
import type { ActionDefinition } from './definition.js';

export const ACTION_TABLE_HEADER = [
  'Action',
  'What it does',
  'Built-in undo',
  'Dry run in `runbook plan`',
  'Docs',
] as const;

/** The table's rows, one per action, each cell as Markdown. `docsDir` is the page's folder. */
export function actionTableRows(
  actions: readonly ActionDefinition[],
  docsDir = 'docs/',
): string[][] {
  return actions.map((action) => {
    const link = action.docs.startsWith(docsDir) ? action.docs.slice(docsDir.length) : action.docs;
    const availability =
      action.available === true ? '' : ` **Not available:** ${action.available.reason}.`;
    return [
      `\`${action.name}\``,
      `${action.summary}${availability}`,
      action.undo === undefined ? '—' : 'yes',
      action.dryRun ? 'yes' : '—',
      `[${link.replace(/\.md#.*$/, '')}](${link})`,
    ];
  });
}

/** The table as Markdown (unpadded; a formatter may align the columns). */
export function renderActionTable(actions: readonly ActionDefinition[], docsDir = 'docs/'): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(ACTION_TABLE_HEADER),
    line(ACTION_TABLE_HEADER.map(() => '---')),
    ...actionTableRows(actions, docsDir).map(line),
  ].join('\n');
}
