// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * How fast `runbook validate` checks a repository of runbooks.
 *
 *   node --import tsx bench/validate.ts [files=1000] [repetitions=5]
 *
 * Writes `files` varied, realistic runbooks (params, approvals, run/shell steps with env,
 * http.request, kubernetes.*, parallel, forEach, rollbacks, child runbooks, expressions reading
 * earlier steps) into a temporary directory, then in this one process runs the `runbook validate`
 * command itself over that directory: one warm-up, then `repetitions` timed runs. It prints files
 * per second, and for comparison the mean time per file of each stage of parseRunbook (YAML parse,
 * schema, semantic checks) and of the cross-file checks. The directory is removed at the end.
 * Nothing here is asserted: timing is not a test. See bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { LineCounter, parseDocument } from 'yaml';
import { validateCommand } from '../src/cli/commands/validate.js';
import { createLocator } from '../src/runbook/locate.js';
import { parseRunbook } from '../src/runbook/parse.js';
import { RunbookSchema } from '../src/runbook/schema.js';
import { checkRunbookSet, LIMITS, validateDocument } from '../src/runbook/validate.js';

const fileCount = Number(process.argv[2] ?? 1000);
const repetitions = Number(process.argv[3] ?? 5);

/** A small seeded generator (mulberry32), so every run of the bench sees the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20240601);
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;

const SERVICES = ['api', 'web', 'billing', 'search', 'auth', 'worker', 'gateway', 'ledger'];

/** One step, as YAML lines at `indent`; `earlier` are ids whose outputs it may read. */
function step(id: string, earlier: readonly string[], indent: string, depth: number): string[] {
  const ref = earlier.length > 0 && rand() < 0.4 ? pick(earlier) : undefined;
  const arg = ref !== undefined ? `\${{ steps.${ref}.outputs.result }}` : '${{ params.env }}';
  const lines = [`${indent}- id: ${id}`];
  const body = `${indent}  `;
  const kind = depth < 2 ? int(0, 9) : int(0, 6);
  switch (kind) {
    case 0:
    case 1:
      lines.push(`${body}run: ["./scripts/${id}.sh", "--env", "${arg}"]`);
      if (rand() < 0.5) lines.push(`${body}retry: { maxAttempts: 3, initialInterval: 5s }`);
      if (rand() < 0.3) lines.push(`${body}rollback: { run: ["./scripts/undo-${id}.sh"] }`);
      break;
    case 2:
      lines.push(
        `${body}shell: bash`,
        `${body}run: |`,
        `${body}  set -euo pipefail`,
        `${body}  ./migrate --to "$TARGET" --service "$SERVICE"`,
        `${body}  echo "result=$TARGET" >> "$RUNBOOK_OUTPUT"`,
        `${body}env: { TARGET: "${arg}", SERVICE: "\${{ params.service }}" }`,
        `${body}timeout: 10m`,
      );
      break;
    case 3:
      lines.push(
        `${body}uses: kubernetes.setImage`,
        `${body}with:`,
        `${body}  namespace: "\${{ params.service }}"`,
        `${body}  name: "\${{ params.service }}"`,
        `${body}  containers: { app: "\${{ params.image }}" }`,
      );
      break;
    case 4:
      lines.push(
        `${body}uses: kubernetes.rolloutStatus`,
        `${body}with: { namespace: "\${{ params.service }}", name: "\${{ params.service }}", timeoutSeconds: 600 }`,
        `${body}timeout: 11m`,
      );
      break;
    case 5:
      lines.push(
        `${body}uses: http.request`,
        `${body}with:`,
        `${body}  url: "https://\${{ params.service }}.internal.test/healthz?ref=${arg}"`,
        `${body}  method: GET`,
        `${body}  expectStatus: [200, 204]`,
        `${body}retry: { maxAttempts: 5, initialInterval: 2s, backoff: 2 }`,
      );
      break;
    case 6:
      lines.push(
        `${body}when: "\${{ params.env == 'prod' }}"`,
        `${body}uses: approval`,
        `${body}with:`,
        `${body}  message: "Continue with \${{ params.service }} in \${{ params.env }}?"`,
        `${body}  approvers: { groups: [sre], people: [alice, bob] }`,
        `${body}  required: ${int(1, 2)}`,
        `${body}  timeout: 4h`,
        `${body}  onTimeout: reject`,
      );
      break;
    case 7:
    case 8: {
      lines.push(`${body}parallel:`);
      const n = int(2, 3);
      for (let i = 0; i < n; i++)
        lines.push(...step(`${id}-p${i}`, earlier, `${body}  `, depth + 1));
      break;
    }
    default: {
      lines.push(
        `${body}forEach:`,
        `${body}  items: [${SERVICES.slice(0, int(2, 5)).join(', ')}]`,
        `${body}  as: svc`,
        `${body}  maxConcurrency: 2`,
        `${body}  steps:`,
        `${body}    - id: ${id}-each`,
        `${body}      run: ["./scripts/warm.sh", "\${{ svc }}", "\${{ params.env }}"]`,
      );
    }
  }
  if (rand() < 0.3) lines.push(`${body}name: ${id.replace(/-/g, ' ')}`);
  return lines;
}

/** A runbook named `rb-<index>`; it may call one runbook with a lower index (so no cycles). */
function runbook(index: number): string {
  const lines = [
    '# yaml-language-server: $schema=../docs/runbook.schema.json',
    `# Generated runbook ${index} for bench/validate.ts.`,
    'apiVersion: runbook-runner/v1',
    'kind: Runbook',
    'metadata:',
    `  name: rb-${index}`,
    `  description: Generated runbook ${index}`,
    `  owners: ["@team-${index % 7}"]`,
    'spec:',
    '  params:',
    `    service: { type: string, enum: [${SERVICES.join(', ')}] }`,
    `    image: { type: string, pattern: '^[\\w./-]+:[\\w.-]+$', description: The image to roll out }`,
    '    env: { type: string, enum: [staging, prod], default: staging }',
  ];
  const extra = int(0, 3);
  for (let i = 0; i < extra; i++) {
    lines.push(
      pick([
        `    replicas${i}: { type: integer, default: ${int(1, 9)} }`,
        `    wait${i}: { type: duration, default: ${int(1, 59)}s }`,
        `    dry${i}: { type: boolean, default: false }`,
        `    token${i}: { type: secret, default: "env:TOKEN_${i}" }`,
      ]),
    );
  }
  lines.push(
    '  concurrency: { key: "${{ params.service }}-${{ params.env }}", onConflict: reject }',
    `  timeout: ${int(1, 6)}h`,
    '  steps:',
  );
  const ids: string[] = [];
  const steps = int(3, 12);
  for (let i = 0; i < steps; i++) {
    const id = `s${i}`;
    lines.push(...step(id, ids, '    ', 0));
    ids.push(id);
  }
  if (index > 0 && rand() < 0.2) {
    lines.push(
      `    - id: child`,
      `      runbook: rb-${int(0, index - 1)}`,
      '      params: { service: "${{ params.service }}", image: "${{ params.image }}" }',
    );
  }
  if (rand() < 0.5) {
    lines.push(
      '  onFailure:',
      '    - id: tell',
      '      uses: http.request',
      '      with: { url: "https://hooks.internal.test/deploys", method: POST, body: { text: "failed at ${{ failure.step }}" } }',
    );
  }
  return `${lines.join('\n')}\n`;
}

const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-validate-bench-'));
  try {
    const texts: Array<{ file: string; text: string }> = [];
    for (let i = 0; i < fileCount; i++) {
      const file = join(dir, `rb-${String(i).padStart(4, '0')}.yaml`);
      const text = runbook(i);
      writeFileSync(file, text);
      texts.push({ file, text });
    }
    const bytes = texts.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);
    const lines = texts.reduce((sum, { text }) => sum + text.split('\n').length - 1, 0);
    console.log(
      `${fileCount} runbooks in ${dir}: ${(bytes / 1024).toFixed(0)} KiB, ${(lines / fileCount).toFixed(0)} lines per file on average`,
    );

    // The command itself, as `runbook validate <dir> --format json` runs it (output discarded).
    const io = { stdout: sink(), stderr: sink(), cwd: dir, env: process.env };
    const warm = await validateCommand([dir, '--format', 'json'], io);
    if (warm !== 0) {
      const stderr: string[] = [];
      await validateCommand([dir], {
        ...io,
        stderr: new Writable({
          write(chunk, _encoding, done) {
            stderr.push(String(chunk));
            done();
          },
        }),
      });
      throw new Error(`the generated runbooks do not validate:\n${stderr.join('').slice(0, 2000)}`);
    }
    const walls: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const started = performance.now();
      const code = await validateCommand([dir, '--format', 'json'], io);
      walls.push(performance.now() - started);
      if (code !== 0) throw new Error(`run ${r + 1} exited ${code}`);
    }
    for (const [r, ms] of walls.entries()) {
      console.log(
        `  run ${r + 1}: ${ms.toFixed(0)} ms  ${((fileCount / ms) * 1000).toFixed(0)} files/s`,
      );
    }
    const wall = median(walls);
    console.log(
      `runbook validate: ${((fileCount / wall) * 1000).toFixed(0)} files/s (median of ${repetitions}; best ${((fileCount / Math.min(...walls)) * 1000).toFixed(0)}; aim > 1000)`,
    );

    // Stages of parseRunbook, per file, in memory (no file reads), for comparison.
    const stage = { yaml: 0, schema: 0, semantic: 0, whole: 0 };
    const definitions = [];
    for (let r = 0; r < repetitions; r++) {
      for (const { file, text } of texts) {
        let t = performance.now();
        const lineCounter = new LineCounter();
        const doc = parseDocument(text, {
          uniqueKeys: true,
          prettyErrors: false,
          lineCounter,
          strict: true,
        });
        const value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
        stage.yaml += performance.now() - t;
        t = performance.now();
        const parsed = RunbookSchema.safeParse(value);
        stage.schema += performance.now() - t;
        if (!parsed.success) throw new Error(`${file} fails the schema`);
        t = performance.now();
        validateDocument(parsed.data, createLocator(doc, text, file));
        stage.semantic += performance.now() - t;
        t = performance.now();
        const result = parseRunbook(text, file);
        stage.whole += performance.now() - t;
        if (r === 0 && result.ok) definitions.push(result.runbook);
      }
    }
    const perFile = (ms: number) => `${((ms / repetitions / fileCount) * 1000).toFixed(0)} µs`;
    const t = performance.now();
    for (let r = 0; r < repetitions; r++) checkRunbookSet(definitions);
    const across = (performance.now() - t) / repetitions;
    console.log('per file (mean over all files and repetitions):');
    console.log(`  parse: YAML to nodes and JS  ${perFile(stage.yaml)}`);
    console.log(`  parse: schema (zod)          ${perFile(stage.schema)}`);
    console.log(`  semantic checks              ${perFile(stage.semantic)}`);
    console.log(`  parseRunbook, all of it      ${perFile(stage.whole)}  (adds normalization)`);
    console.log(
      `  cross-file checks            ${((across / fileCount) * 1000).toFixed(1)} µs  (${across.toFixed(1)} ms for the set)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
