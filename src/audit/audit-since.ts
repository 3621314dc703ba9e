import { RunbookError } from '../runbook/errors.js';

/** `runbook audit --since` is neither a duration nor an RFC 3339 time. */
export class AuditSinceError extends RunbookError {
  readonly code = 'RB9050';
  readonly kind = 'usage' as const;
  constructor(readonly value: string) {
    super(
      `--since "${value}" is neither a duration (30m, 24h, 7d, 2w) nor an RFC 3339 time (2026-11-27T00:00:00Z): write one of those`,
    );
  }
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$|^\d{4}-\d{2}-\d{2}$/;

/**
 * The earliest start time `--since` asks for: a duration back from `now` (`90m`, `24h`, `7d`,
 * `2w`, or several, `1d12h`) or an RFC 3339 time (a bare date is midnight UTC).
 */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  if (/^(\d+[smhdw])+$/.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) {
      ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
    }
    if (Number.isFinite(ms)) return new Date(now.getTime() - ms);
  }
  if (RFC3339.test(text)) {
    const time = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(time.getTime())) return time;
  }
  throw new AuditSinceError(value);
}
