// The files a step writes for the runner: outputs (`$GITHUB_OUTPUT`) and the job summary
// (`$GITHUB_STEP_SUMMARY`).
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * Appends `name<<delimiter`, the value and the delimiter: the multi-line form, so that any value
 * (JSON, text with newlines) is one output. The delimiter is random and checked to be in neither.
 */
export function appendOutput(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`output ${name} holds its own delimiter; this is a bug`);
  }
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
}

/** Appends Markdown to the step's summary page. */
export function appendSummary(file: string, markdown: string): void {
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
}
