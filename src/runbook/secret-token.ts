/**
 * Secret parameters never carry their value through a workflow. A `secret` param holds a
 * reference (`env:NAME`, `file:/path`, later `k8s:namespace/name/key`); when an expression uses
 * it, the rendered text contains a token `[[secret:<ref>]]`. Only the activity that runs the step
 * swaps the token for the value, and only for references the run declared as secret params, so a
 * plain string parameter cannot smuggle in `[[secret:file:/etc/shadow]]`.
 */
const TOKEN_PREFIX = '[[secret:';
const TOKEN_SUFFIX = ']]';

/** Matches every secret token in a string; group 1 is the reference. */
export const SECRET_TOKEN_PATTERN = /\[\[secret:([^\]\s]+)\]\]/g;

export function secretToken(reference: string): string {
  return `${TOKEN_PREFIX}${reference}${TOKEN_SUFFIX}`;
}

/** The references a string mentions, in order of appearance, without duplicates. */
export function secretReferencesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(SECRET_TOKEN_PATTERN)) {
    if (match[1] !== undefined) found.add(match[1]);
  }
  return [...found];
}
