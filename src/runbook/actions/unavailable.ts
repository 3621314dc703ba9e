/**
 * Action namespaces that are reserved for integrations no worker implements yet. A `uses:` in one
 * of them is a validation error with the reason, so a runbook never passes review and then fails
 * at run time with `UnknownAction`. When an integration lands, its actions join the registry; its
 * namespace stays here for the names it does not implement (an action in the registry is found
 * first, see `lookupAction`).
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
    reason: 'the Slack actions are slack.post and slack.update; no other exists yet',
    hint: 'post with slack.post, amend with slack.update; for other Web API methods use http.request',
  },
];
