// Slack user group membership, asked of Slack (`usergroups.users.list`), never taken from a
// request. Cached briefly: a start re-asks at most once a minute per group.
import type { WebClient } from '@slack/web-api';

export const USER_GROUP_CACHE_MS = 60_000;

export class UserGroupLookupError extends Error {
  constructor(
    readonly group: string,
    reason: string,
  ) {
    super(`could not read the members of Slack user group ${group}: ${reason}`);
    this.name = 'UserGroupLookupError';
  }
}

export class SlackUserGroups {
  readonly #web: WebClient;
  readonly #cache = new Map<string, { members: ReadonlySet<string>; until: number }>();
  readonly #now: () => number;

  constructor(web: WebClient, now: () => number = Date.now) {
    this.#web = web;
    this.#now = now;
  }

  /** Those of `groups` that `userId` is a member of; throws UserGroupLookupError if Slack fails. */
  async memberships(userId: string, groups: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const group of groups) {
      if ((await this.#members(group)).has(userId)) found.push(group);
    }
    return found;
  }

  async #members(group: string): Promise<ReadonlySet<string>> {
    const cached = this.#cache.get(group);
    if (cached !== undefined && cached.until > this.#now()) return cached.members;
    let users: string[] | undefined;
    try {
      const answer = await this.#web.usergroups.users.list({ usergroup: group });
      users = answer.users;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      throw new UserGroupLookupError(group, code ?? (error as Error).message);
    }
    if (users === undefined) throw new UserGroupLookupError(group, 'no member list in the answer');
    const members = new Set(users);
    if (this.#cache.size > 1_000) this.#cache.clear();
    this.#cache.set(group, { members, until: this.#now() + USER_GROUP_CACHE_MS });
    return members;
  }
}
