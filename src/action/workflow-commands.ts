// GitHub Actions workflow commands (`::error file=…::message`) and the escaping they need: the
// runner reads any log line that starts with `::` as a command, so every value is escaped.

/** A command's message: `%`, CR and LF escaped, so a value stays on its line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property's value: as {@link escapeData}, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error title=RB8087::the run was rolled back`. */
export function workflowCommand(
  name: string,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

/**
 * `text` printed verbatim (a step's output) between `::stop-commands::` and its end token, so that
 * a line in it that starts with `::` is shown, not run as a command. `token` must be unguessable
 * by whoever wrote the text (a random value per use).
 */
export function verbatimBlock(text: string, token: string): string[] {
  return [`::stop-commands::${token}`, ...text.replace(/\n$/, '').split('\n'), `::${token}::`];
}
