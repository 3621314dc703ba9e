// A modal's `private_metadata` travels through the user's Slack client and comes back in the
// `view_submission`: it is signed here (HMAC-SHA256 under a key derived from the signing secret)
// and refused when the signature does not match, so a crafted submission cannot name another
// runbook, commit or channel than the command that opened the modal.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ModalState {
  /** Runbook name. */
  readonly name: string;
  /** The pinned commit. */
  readonly sha: string;
  /** Where the command was typed. */
  readonly channel: string;
  /** The command's trigger id: the run's workflow id derives from it. */
  readonly triggerId: string;
  /** Who typed the command; only they may submit. */
  readonly user: string;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', `runbook-modal:${secret}`).update(payload).digest('base64url');
}

export function sealModalState(state: ModalState, secret: string): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The state, or `undefined` when it was not sealed by this server (with any current secret). */
export function openModalState(
  sealed: unknown,
  secrets: readonly string[],
): ModalState | undefined {
  if (typeof sealed !== 'string' || sealed.length > 3_000) return undefined;
  const [payload, given, extra] = sealed.split('.');
  if (payload === undefined || given === undefined || extra !== undefined) return undefined;
  const givenBytes = Buffer.from(given, 'base64url');
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(mac(secret, payload), 'base64url');
    return expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes);
  });
  if (!valid) return undefined;
  try {
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ModalState;
    const fields = [state.name, state.sha, state.channel, state.triggerId, state.user];
    return fields.every((field) => typeof field === 'string') ? state : undefined;
  } catch {
    return undefined;
  }
}
