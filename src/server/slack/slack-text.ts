// Text we put into Slack messages comes partly from users and runbooks: escaped so it can never
// form a mention (`<!channel>`), a link or a user reference. https://api.slack.com/reference/surfaces/formatting#escaping
import { cut } from '../../runbook/bounded-text.js';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A preformatted block, bounded to what a section holds (3000 characters). */
export function codeBlock(text: string, max = 2_900): string {
  return `\`\`\`${escapeMrkdwn(cut(text, max)).replace(/```/g, "'''")}\`\`\``;
}
