// Refs and commit ids from users, webhooks and run inputs are hostile until checked: nothing
// that could be read as an option, a revision expression or a path reaches git.
import { SourceError, SourceErrorCode } from './errors.js';

/** A full commit id: 40 hex digits (SHA-1) or 64 (SHA-256). */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** An abbreviated commit id: 7 to 63 hex digits. */
const SHORT_SHA = /^[0-9a-f]{7,63}$/;
/** The characters a branch or tag name may use here (a subset of git check-ref-format). */
const REF_CHARS = /^[A-Za-z0-9_][A-Za-z0-9._/+-]*$/;
/** The longest ref accepted. */
export const MAX_REF_LENGTH = 255;

export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

/**
 * Checks a branch, tag or commit id named by a user (`--ref`, a comment, a webhook) and returns
 * it unchanged.
 *
 * @throws SourceError RB8002 when it starts with `-`, is longer than 255 characters, uses
 *   revision syntax (`..`, `@{`, `^`, `~`, `:`), a component starting with `.` or ending with
 *   `.lock`, or characters outside `A-Z a-z 0-9 _ . / + -`.
 */
export function checkRef(ref: string, repo: string): string {
  const refuse = (why: string): never => {
    throw new SourceError(
      SourceErrorCode.invalidRef,
      `the ref "${shownRef(ref)}" is refused: ${why}; name a branch, a tag or a commit sha`,
      repo,
    );
  };
  if (ref === '') refuse('it is empty');
  if (ref.startsWith('-')) refuse('it starts with "-" and would be read as an option');
  if (ref.length > MAX_REF_LENGTH) refuse(`it is longer than ${MAX_REF_LENGTH} characters`);
  if (!REF_CHARS.test(ref)) refuse('it holds characters a branch or tag name does not use');
  if (ref.includes('..') || ref.includes('//') || ref.endsWith('/') || ref.endsWith('.')) {
    refuse('it is not a valid ref name');
  }
  for (const part of ref.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock')) refuse('it is not a valid ref name');
  }
  return ref;
}

/** Whether a checked ref could be an abbreviated or full commit id. */
export function mayBeSha(ref: string): boolean {
  return SHORT_SHA.test(ref) || FULL_SHA.test(ref);
}

/**
 * Checks a pinned commit id (from a run input).
 *
 * @throws SourceError RB8002 unless it is 40 or 64 lower-case hex digits.
 */
export function checkSha(sha: string, repo: string): string {
  if (!isFullSha(sha)) {
    throw new SourceError(
      SourceErrorCode.invalidRef,
      `"${shownRef(sha)}" is not a full commit sha (40 or 64 hex digits); a run pins the full sha`,
      repo,
    );
  }
  return sha;
}

/** A ref for a message: cut to 80 characters, control characters shown as `?`. */
function shownRef(ref: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced
  const clean = ref.replace(/[\0-\x1f\x7f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}
