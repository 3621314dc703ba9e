// Redrawing a block of lines in place on a terminal. Pure: it returns the text to write.
//
// The redraw moves the cursor up over the rows it drew last and erases from there down, so it is
// only right if it knows exactly how many rows it drew. Two things broke that count (the demo
// showed the run's header twice, once per state): a line longer than the terminal is wide wraps
// onto a second row, and any other text written below the frame (the demo's "approves" line)
// shifts it. So every frame line is cut to the width, a frame never gets taller than the screen
// (rows that scrolled away cannot be erased), and other text goes through `notes`, printed above
// the new frame where it stays in the scrollback.

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const SGR = /\x1b\[[0-9;]*m/y;
const RESET = '\x1b[0m';

/** Terminal size; `undefined` fields mean "unknown" (then lines are not cut). */
export interface TerminalSize {
  readonly columns?: number | undefined;
  readonly rows?: number | undefined;
}

/** Characters a line shows (ANSI color codes take no room). */
export function visibleLength(line: string): number {
  let length = 0;
  for (let i = 0; i < line.length; ) {
    SGR.lastIndex = i;
    const match = SGR.exec(line);
    if (match !== null) {
      i += match[0].length;
      continue;
    }
    const codePoint = line.codePointAt(i) ?? 0;
    i += codePoint > 0xffff ? 2 : 1;
    length += 1;
  }
  return length;
}

/**
 * `line` cut to at most `width` visible characters, ending in `…` when cut; colors are kept and
 * reset after the cut.
 */
export function fitLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  let out = '';
  let shown = 0;
  let colored = false;
  for (let i = 0; i < line.length; ) {
    SGR.lastIndex = i;
    const match = SGR.exec(line);
    if (match !== null) {
      out += match[0];
      colored = match[0] !== RESET;
      i += match[0].length;
      continue;
    }
    if (shown === width - 1) break;
    const codePoint = line.codePointAt(i) ?? 0;
    const size = codePoint > 0xffff ? 2 : 1;
    out += line.slice(i, i + size);
    i += size;
    shown += 1;
  }
  return `${out}…${colored ? RESET : ''}`;
}

/** The text that erases the `rows` rows drawn last; the cursor is at the start of the row below. */
export function eraseRows(rows: number): string {
  return rows > 0 ? `\x1b[${rows}A\x1b[0J` : '';
}

/**
 * The lines of a frame as drawn on a terminal of `size`: each cut one short of the width (a
 * character in the last column makes some terminals wrap early), and at most `rows - 1` of them,
 * the last one saying how many were left out.
 */
export function frameLines(lines: readonly string[], size: TerminalSize): string[] {
  let shown = [...lines];
  if (size.rows !== undefined && size.rows > 2 && shown.length > size.rows - 1) {
    const keep = size.rows - 2;
    shown = [...shown.slice(0, keep), `… ${lines.length - keep} more lines`];
  }
  const width = size.columns;
  return width === undefined || width < 2 ? shown : shown.map((line) => fitLine(line, width - 1));
}

/**
 * Replaces the frame of `previousRows` rows with `lines`, printing `notes` first (above the new
 * frame, never erased again). Returns the text to write and the new frame's row count.
 */
export function redrawFrame(
  previousRows: number,
  lines: readonly string[],
  size: TerminalSize,
  notes: readonly string[] = [],
): { text: string; rows: number } {
  const frame = frameLines(lines, size);
  const noteText = notes.map((note) => `${note}\n`).join('');
  const frameText = frame.length === 0 ? '' : `${frame.join('\n')}\n`;
  return { text: `${eraseRows(previousRows)}${noteText}${frameText}`, rows: frame.length };
}
