/**
 * The one rule for label values that come from users (runbook names, concurrency keys): every
 * distinct value is a new time series in Prometheus, so a value is made short and plain before it
 * becomes a label. Pure, so workflow code, activities and the server share it.
 *
 * - The run's own id is replaced by `run` (a key templated from `run.id` would make one series
 *   per run).
 * - Characters other than letters, digits and `_ . : / -` become `_` (no quotes, spaces or
 *   control characters reach the exposition format).
 * - Values longer than {@link MAX_LABEL_LENGTH} keep their first characters and end in `~` and a
 *   short hash of the whole value, so two long keys stay apart and no value exceeds the cap.
 * - An empty value reads `none`.
 */
export const MAX_LABEL_LENGTH = 64;

const HASH_LENGTH = 8;
const UNSAFE = /[^A-Za-z0-9_.:/-]/g;

export function boundLabel(value: string, runId?: string): string {
  let text = runId === undefined || runId === '' ? value : value.split(runId).join('run');
  text = text.replace(UNSAFE, '_');
  if (text === '') return 'none';
  if (text.length <= MAX_LABEL_LENGTH) return text;
  const head = text.slice(0, MAX_LABEL_LENGTH - HASH_LENGTH - 1);
  return `${head}~${fnv1a(value)}`;
}

/** 32-bit FNV-1a as 8 hex digits: deterministic and dependency-free (not for security). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(HASH_LENGTH, '0');
}
