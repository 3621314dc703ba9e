/**
 * Action namespaces that are reserved for integrations no worker implements yet. A `uses:` in one
 * of them is a validation error with the reason, so a runbook never passes review and then fails
 * at run time with `UnknownAction`. When an integration lands, its actions join the registry and
 * its namespace leaves this list.
 */
export interface UnavailableNamespace {
  /** The part before the first dot, e.g. `github` for `github.createRelease`. */
  readonly namespace: string;
  /** Why no action of the namespace can run, said at the `uses:` value. */
  readonly reason: string;
  /** What to do until then. */
  readonly hint: string;
}

export const UNAVAILABLE_NAMESPACES: readonly UnavailableNamespace[] = [
  {
    namespace: 'slack',
    reason: 'the Slack actions are not available yet; they come with the Slack integration',
    hint: 'until then, post to a Slack incoming webhook with http.request',
  },
];
