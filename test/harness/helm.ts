/**
 * Helm for the chart tests: `helm lint` and `helm template` of charts/runbook-runner with the
 * binary scripts/helm builds, and the rendered objects parsed into plain JSON.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { helmPath, repoRoot } from '../../src/testing/toolchain.js';

const run = promisify(execFile);

export const CHART_DIR = join(repoRoot, 'charts', 'runbook-runner');

/** One rendered Kubernetes object, as the API server would receive it. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export interface HelmResult {
  readonly code: number;
  readonly output: string;
}

/** Runs helm with `args`; a non-zero exit is returned, not thrown. */
export async function helm(args: readonly string[]): Promise<HelmResult> {
  try {
    const { stdout, stderr } = await run(helmPath(), [...args], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

export interface RenderOptions {
  readonly release?: string;
  readonly namespace?: string;
  /** Values files, relative to the repository root. */
  readonly valuesFiles?: readonly string[];
  /** `--set` pairs. */
  readonly set?: Readonly<Record<string, string>>;
  /** Another copy of the chart (default: charts/runbook-runner). */
  readonly chartDir?: string;
}

function valueArgs(options: RenderOptions): string[] {
  return [
    ...(options.valuesFiles ?? []).flatMap((file) => ['-f', file]),
    ...Object.entries(options.set ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
  ];
}

/** `helm template`; throws with helm's output when it fails. */
export async function renderChart(options: RenderOptions = {}): Promise<RenderedObject[]> {
  const result = await helm([
    'template',
    options.release ?? 'rr',
    options.chartDir ?? CHART_DIR,
    '--namespace',
    options.namespace ?? 'runbooks',
    ...valueArgs(options),
  ]);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.output}`);
  return parseAllDocuments(result.output)
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`helm template printed bad YAML: ${doc.errors[0]}`);
      return doc.toJS() as RenderedObject | null;
    })
    .filter((object): object is RenderedObject => object !== null);
}

/** `helm template` expected to fail: its output. */
export async function renderError(options: RenderOptions): Promise<string> {
  const result = await helm([
    'template',
    'rr',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'runbooks',
    ...valueArgs(options),
  ]);
  if (result.code === 0) throw new Error('helm template succeeded where it should have failed');
  return result.output;
}

/** `helm lint --strict` of the chart with `options`' values. */
export function lintChart(options: RenderOptions = {}): Promise<HelmResult> {
  return helm(['lint', '--strict', CHART_DIR, ...valueArgs(options)]);
}

/** The one object of `kind` named `name`; throws listing what there is. */
export function objectOf(objects: readonly RenderedObject[], kind: string, name: string) {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) {
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`no ${kind}/${name} among the rendered objects: ${names}`);
  }
  return found;
}
