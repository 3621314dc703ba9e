/** Structurally the SDK's `SearchAttributeKey<'KEYWORD'>`, without a value import. */
interface KeywordKey {
  readonly name: string;
  readonly type: 'KEYWORD';
}

/**
 * The custom search attributes every run keeps current, so that `runbook history`, the Web UI and
 * `temporal workflow list --query` can filter runs. A server must register them before the first
 * run: the dev-server helpers and `runbook dev` pass them with `--search-attribute`.
 */
export const RunbookNameKey: KeywordKey = { name: 'RunbookName', type: 'KEYWORD' };
export const RunbookCommitKey: KeywordKey = { name: 'RunbookCommit', type: 'KEYWORD' };
export const TriggeredByKey: KeywordKey = { name: 'TriggeredBy', type: 'KEYWORD' };
export const RunStatusKey: KeywordKey = { name: 'RunStatus', type: 'KEYWORD' };

export const runbookSearchAttributes = [
  RunbookNameKey,
  RunbookCommitKey,
  TriggeredByKey,
  RunStatusKey,
] as const;
