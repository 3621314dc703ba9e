/**
 * Runs one hostile-input case in process the way the CLI does: parse and validate the runbook,
 * resolve the params, plan, and render the plan as text. Returns the codes reported and the text
 * a user would see; any other exception is a crash (the CLI's exit 70) and is rethrown.
 * Shared by test/hostile/corpus.test.ts, the fuzz test and bench/hostile.ts.
 */
import {
  ExpressionError,
  formatDiagnostic,
  parseRunbook,
  planRunbook,
  renderPlanText,
  resolveParams,
} from '../../src/runbook/index.js';

export interface CaseOutcome {
  /** Codes reported, in order, without repeats. */
  readonly codes: string[];
  /** What the CLI would print: diagnostics with code frames, param errors, or the plan. */
  readonly output: string;
}

export function runCase(yaml: string, params: Readonly<Record<string, string>> = {}): CaseOutcome {
  const file = 'runbooks/hostile.yaml';
  const parsed = parseRunbook(yaml, file);
  const codes = new Set<string>();
  const lines: string[] = [];
  for (const d of parsed.diagnostics) {
    codes.add(d.code);
    lines.push(formatDiagnostic(d, yaml));
  }
  if (!parsed.ok) return { codes: [...codes], output: lines.join('\n\n') };
  const raw: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(params)) raw[key] = value;
  const resolved = resolveParams(parsed.runbook, raw);
  if (!resolved.ok) {
    for (const error of resolved.errors) {
      codes.add(error.code);
      lines.push(`${file}: error: ${error.message} [${error.code}]`);
    }
    return { codes: [...codes], output: lines.join('\n') };
  }
  try {
    const plan = planRunbook(parsed.runbook, resolved.params);
    lines.push(renderPlanText(plan));
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    codes.add(error.code);
    lines.push(`${file}: error: ${error.message} [${error.code}]`);
  }
  return { codes: [...codes], output: lines.join('\n') };
}
