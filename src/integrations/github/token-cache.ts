// The cache `@octokit/auth-app` keeps installation tokens in, honouring each token's own
// `expires_at`: auth-app's default cache keeps a token 59 minutes after it was stored, whatever
// GitHub said; this one hands it out only while it has more than `refreshBeforeMs` left, so a
// request never leaves with a token about to expire and a refreshed one is fetched instead.

/** How long before its expiry an installation token is replaced (GitHub issues 1-hour tokens). */
export const INSTALLATION_TOKEN_REFRESH_BEFORE_MS = 5 * 60 * 1000;

/** Upper bound of cached entries (one per installation and permission set). */
const MAX_ENTRIES = 1000;

export interface InstallationTokenCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/**
 * auth-app stores `token|createdAt|expiresAt|repositorySelection|permissions|singleFileName`
 * per key; the third field is the ISO expiry GitHub returned.
 */
export function installationTokenCache(
  options: { readonly now?: () => number; readonly refreshBeforeMs?: number } = {},
): InstallationTokenCache {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? INSTALLATION_TOKEN_REFRESH_BEFORE_MS;
  const entries = new Map<string, string>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      const expiresAt = Date.parse(value.split('|')[2] ?? '');
      if (Number.isNaN(expiresAt) || expiresAt - now() <= refreshBeforeMs) {
        entries.delete(key);
        return undefined;
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
