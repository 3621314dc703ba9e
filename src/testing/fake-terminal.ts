import { Writable } from 'node:stream';

/**
 * A terminal screen for tests of what the CLI draws: it interprets what a real terminal would
 * (printable characters with auto-wrap at `columns`, `\n`, `\r`, cursor up `ESC[nA` limited to
 * the visible screen, erase down `ESC[0J`, colors ignored) and shows the resulting rows,
 * scrollback included. Any other escape sequence throws, so a test notices what it cannot judge.
 */
export class FakeTerminal extends Writable {
  readonly isTTY = true;
  private readonly lines: string[][] = [[]];
  private row = 0;
  private col = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super({ decodeStrings: false });
  }

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    try {
      this.interpret(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** The screen and scrollback as text, one string per row, trailing spaces removed. */
  screen(): string[] {
    const rows = this.lines.map((cells) => cells.join('').trimEnd());
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows;
  }

  private interpret(text: string): void {
    for (let i = 0; i < text.length; ) {
      const rest = text.slice(i);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences.
      const sequence = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(rest);
      if (sequence !== null) {
        this.control(sequence[1] ?? '', sequence[2] ?? '');
        i += sequence[0].length;
        continue;
      }
      if (rest.startsWith('\x1b')) throw new Error(`unsupported escape: ${JSON.stringify(rest)}`);
      const char = String.fromCodePoint(rest.codePointAt(0) ?? 0);
      i += char.length;
      if (char === '\n') {
        this.moveTo(this.row + 1, 0);
      } else if (char === '\r') {
        this.col = 0;
      } else {
        if (this.col >= this.columns) this.moveTo(this.row + 1, 0);
        const line = this.line(this.row);
        while (line.length < this.col) line.push(' ');
        line[this.col] = char;
        this.col += 1;
      }
    }
  }

  private control(params: string, command: string): void {
    const n = params === '' ? 1 : Number(params.split(';')[0]);
    if (command === 'm') return;
    if (command === 'A') {
      const top = Math.max(0, this.lines.length - this.rows);
      this.row = Math.max(top, this.row - n);
      this.col = Math.min(this.col, this.columns);
      return;
    }
    if (command === 'J' && (params === '' || params === '0')) {
      this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
      this.lines.length = this.row + 1;
      return;
    }
    throw new Error(`unsupported escape: ESC[${params}${command}`);
  }

  private moveTo(row: number, col: number): void {
    this.row = row;
    this.col = col;
    this.line(row);
  }

  private line(row: number): string[] {
    while (this.lines.length <= row) this.lines.push([]);
    return this.lines[row] as string[];
  }
}
