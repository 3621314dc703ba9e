/**
 * Durations as written in runbooks: `90s`, `5m`, `1h30m`, `2d`, `250ms`. Pure: no I/O.
 */

import { RunbookError } from './errors.js';

const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof UNITS;
const ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

/** The JSON Schema pattern of a duration string (also used by the zod schema). */
export const DURATION_PATTERN = /^(\d+(d|h|m|s|ms))+$/;

/** Thrown by {@link parseDuration} when the text is not a duration; the message says the fix. */
export class DurationError extends RunbookError {
  readonly code = 'RB1010';
  readonly kind = 'usage';
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

/** `'1h30m'` → `5_400_000`. Units must appear largest first, each at most once. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') throw new DurationError('empty duration; write e.g. "30s" or "5m"', text);
  if (/^\d+$/.test(trimmed)) {
    throw new DurationError(
      `duration "${text}" has no unit; write "${trimmed}s" for seconds or "${trimmed}m" for minutes`,
      text,
    );
  }
  const part = /(\d+)(ms|d|h|m|s)/y;
  let total = 0;
  let lastRank = -1;
  let index = 0;
  while (index < trimmed.length) {
    part.lastIndex = index;
    const match = part.exec(trimmed);
    if (match === null) {
      throw new DurationError(
        `invalid duration "${text}"; use whole numbers with units d, h, m, s, ms, e.g. "1h30m"`,
        text,
      );
    }
    const unit = match[2] as Unit;
    const rank = ORDER.indexOf(unit);
    if (rank <= lastRank) {
      throw new DurationError(
        `invalid duration "${text}"; units must go from largest to smallest, each once (e.g. "1h30m")`,
        text,
      );
    }
    lastRank = rank;
    total += Number(match[1]) * UNITS[unit];
    index = part.lastIndex;
  }
  if (!Number.isSafeInteger(total))
    throw new DurationError(`duration "${text}" is too large`, text);
  return total;
}

/** `5_400_000` → `'1h30m'`; `0` → `'0s'`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration in ms: ${ms}`);
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ORDER) {
    const size = UNITS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
