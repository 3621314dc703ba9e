// `runbook plan <file> -p key=value…`: what a run with these params would do, without running it.
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKubernetesDryRun } from '../../activities/kubernetes/plan-dry-run.js';
import { escapeControl } from '../../runbook/bounded-text.js';
import {
  describePlan,
  ExpressionError,
  formatDiagnostic,
  type Plan,
  parseRunbook,
  planRunbook,
  renderPlanText,
  resolveParams,
} from '../../runbook/index.js';
import { type Command, UsageError } from '../io.js';
import { keyValues } from '../support/flags.js';
import { readRunbookFile } from '../support/read-runbook-file.js';
import { repositoryRoot } from '../support/repository-root.js';

const HELP = `Usage: runbook plan <file> [-p key=value]… [--format text|json]
                   [--cluster <context>] [--kubeconfig <path>] [--no-dry-run]

Prints the resolved step tree: order, conditions, approval gates, and the rollbacks that would run
if a step failed. Each mutating Kubernetes step is run as a server-side dry run (dryRun=All) and
its diff is shown; nothing is changed. The kubeconfig is found the way kubectl finds it
(KUBECONFIG, then ~/.kube/config); without a reachable cluster the plan is printed with a note.

  --cluster <context>   kubeconfig context for steps that name no cluster:
  --kubeconfig <path>   read this kubeconfig instead of KUBECONFIG / ~/.kube/config
  --no-dry-run          do not contact any cluster

Exit code 1 when the runbook or the params are invalid (a step whose dry run fails does not
change the exit code; the plan says why it would fail).
`;

export const planCommand: Command = async (args, io) => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          param: { type: 'string', short: 'p', multiple: true, default: [] },
          format: { type: 'string', default: 'text' },
          cluster: { type: 'string' },
          kubeconfig: { type: 'string' },
          'no-dry-run': { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
    }
  })();
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0)
    throw new UsageError(`expected exactly one runbook file\n\n${HELP}`);
  const raw = keyValues(values.param);
  const path = resolve(io.cwd, target);
  const file = relative(io.cwd, path) || target;
  const root = await repositoryRoot(path);
  const read = await readRunbookFile(path, file, root);
  if (!read.ok) {
    io.stderr.write(`${formatDiagnostic(read.diagnostic)}\n`);
    return 1;
  }
  const text = read.text;
  const parsed = parseRunbook(text, file);
  for (const d of parsed.diagnostics) io.stderr.write(`${formatDiagnostic(d, text)}\n\n`);
  if (!parsed.ok) return 1;
  const params = resolveParams(parsed.runbook, raw);
  if (!params.ok) {
    for (const error of params.errors)
      io.stderr.write(`${file}: error: ${escapeControl(error.message)} [${error.code}]\n`);
    return 1;
  }
  let plan: Plan;
  try {
    plan = planRunbook(parsed.runbook, params.params);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    io.stderr.write(`${file}: error: ${escapeControl(error.message)} [${error.code}]\n`);
    return 1;
  }
  if (values['no-dry-run'] === true) {
    plan = { ...plan, notes: ['Kubernetes steps were not dry-run (--no-dry-run).'] };
  } else {
    const kubeconfigPath =
      values.kubeconfig === undefined ? undefined : resolve(io.cwd, values.kubeconfig);
    const dryRun = createKubernetesDryRun({
      ...(kubeconfigPath === undefined ? {} : { kubeconfigPath }),
      ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      // As in a run: file: resolves against the runbook's folder and may not leave the repository.
      checkoutDir: dirname(path),
      checkoutRoot: root,
    });
    plan = await describePlan(plan, dryRun.describeStep);
    const notes = dryRun.notes();
    if (notes.length > 0) plan = { ...plan, notes };
  }
  io.stdout.write(
    values.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanText(plan),
  );
  return 0;
};
