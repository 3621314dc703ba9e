// Text that goes into Slack mrkdwn. Params, step names and reasons are typed by people (hostile):
// `&`, `<` and `>` are escaped so they can never become a link, a mention or a broadcast
// (`<!channel>`), and each value is bounded so one long value cannot push a block over Slack's
// limits (3000 characters per text object).

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters, with `…` when cut. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escaped and bounded: the form every user-supplied value takes in a message. */
export function shown(text: string, max = 200): string {
  return escapeMrkdwn(bounded(text, max));
}

const SLACK_USER = /^slack:([UW][A-Z0-9]{2,20})$/;

/** `slack:U0ALICE` as a Slack mention `<@U0ALICE>`; any other identity as escaped code. */
export function identityText(identity: string): string {
  const slack = SLACK_USER.exec(identity);
  if (slack !== null) return `<@${slack[1]}>`;
  return `\`${shown(identity, 80).replace(/`/g, "'")}\``;
}

/** `2024-05-01 12:00:03 UTC`. */
export function timeText(ms: number): string {
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}
