/**
 * Reads the Prometheus text exposition format (what `/metrics` serves) into samples: enough for
 * tests and the dashboard renderer to read counters and histogram buckets. Comments (`# HELP`,
 * `# TYPE`) are skipped; a line that is not a sample is an error naming the line.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`metrics line ${index + 1} is not a sample: ${line}`);
    const [, name = '', , labelText = '', valueText = ''] = match;
    samples.push({ name, labels: parseLabels(labelText, index + 1), value: parseValue(valueText) });
  }
  return samples;
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (match === null)
      throw new Error(`metrics line ${line}: bad labels at "${text.slice(start)}"`);
    const [, key = '', value = ''] = match;
    labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** The samples named `name` whose labels include every pair of `match`. */
export function samplesOf(
  samples: readonly Sample[],
  name: string,
  match: Readonly<Record<string, string>> = {},
): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}

/** The sum of the values of {@link samplesOf}; 0 when there is none. */
export function sumOf(
  samples: readonly Sample[],
  name: string,
  match: Readonly<Record<string, string>> = {},
): number {
  return samplesOf(samples, name, match).reduce((total, s) => total + s.value, 0);
}
