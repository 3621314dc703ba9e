import { RunbookError } from '../../runbook/errors.js';

/**
 * The `$RUNBOOK_OUTPUT` file format, the same as GitHub Actions' `$GITHUB_OUTPUT`:
 *
 * ```sh
 * echo "version=1.4.2" >> "$RUNBOOK_OUTPUT"
 * {
 *   echo "notes<<EOF"
 *   cat notes.md
 *   echo "EOF"
 * } >> "$RUNBOOK_OUTPUT"
 * ```
 *
 * A later line for the same key wins. Blank lines are ignored.
 */

/**
 * Thrown for a line that is neither `key=value` nor the start of a `key<<DELIMITER` block, or a
 * block that is never closed; `line` is 1-based. The shell activity turns it into the step's
 * `InvalidStepOutputs` failure.
 */
export class OutputsFileError extends RunbookError {
  readonly code = 'InvalidStepOutputs';
  readonly kind = 'operation';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseOutputsFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    if (line.trim() === '') continue;
    const heredoc = line.indexOf('<<');
    const equals = line.indexOf('=');
    if (heredoc !== -1 && (equals === -1 || heredoc < equals)) {
      const key = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      checkKey(key, lineNumber);
      if (delimiter === '') {
        throw new OutputsFileError(`line ${lineNumber}: "${key}<<" needs a delimiter`, lineNumber);
      }
      const body: string[] = [];
      let closed = false;
      for (index++; index < lines.length; index++) {
        if (lines[index] === delimiter) {
          closed = true;
          break;
        }
        body.push(lines[index] ?? '');
      }
      if (!closed) {
        throw new OutputsFileError(
          `line ${lineNumber}: "${key}<<${delimiter}" is never closed by a line "${delimiter}"`,
          lineNumber,
        );
      }
      outputs[key] = body.join('\n');
      continue;
    }
    if (equals === -1) {
      throw new OutputsFileError(
        `line ${lineNumber}: expected key=value or key<<DELIMITER, got "${truncate(line)}"`,
        lineNumber,
      );
    }
    const key = line.slice(0, equals);
    checkKey(key, lineNumber);
    outputs[key] = line.slice(equals + 1);
  }
  return outputs;
}

function checkKey(key: string, lineNumber: number): void {
  if (!KEY.test(key)) {
    throw new OutputsFileError(
      `line ${lineNumber}: "${truncate(key)}" is not a valid output name (letters, digits, _ . -; not starting with a digit)`,
      lineNumber,
    );
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
