/** A Slack channel as runbooks name one: its id (`C0123ABCD`, `G…` private) or `#name`. Pure. */
export const SLACK_CHANNEL_PATTERN = /^(?:[CG][A-Z0-9]{2,20}|#[a-z0-9][a-z0-9._-]{0,79})$/;
