/**
 * What each hostile input costs `validate` + `plan`: time and memory per corpus case.
 *
 *   node --expose-gc --import tsx bench/hostile.ts [repetitions=3]
 *
 * Runs every case of test/hostile/corpus.ts in this process through the same path as the test
 * (parse, validate, resolve params, plan, render), `repetitions` times after one warm-up, and
 * prints per case: the median time, the heap still in use right after the run (after a GC before
 * it, so it is what the case allocated and kept until then), and the process's peak resident set
 * so far (`maxRSS`, a high-water mark: it only grows, so a jump names the case that caused it).
 * Figures, never assertions; see bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { CASES } from '../test/hostile/corpus.js';
import { runCase } from '../test/hostile/run-case.js';

const repetitions = Number(process.argv[2] ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) console.error('(run with --expose-gc for comparable heap figures)');

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const rows: Array<[string, string, string, string, string]> = [];
let slowest = { name: '', ms: 0 };

for (const c of CASES) {
  runCase(c.yaml, c.params);
  const times: number[] = [];
  let heapAfter = 0;
  for (let i = 0; i < repetitions; i++) {
    gc?.();
    const start = performance.now();
    const outcome = runCase(c.yaml, c.params);
    times.push(performance.now() - start);
    heapAfter = Math.max(heapAfter, process.memoryUsage().heapUsed);
    if (i === 0 && outcome.output.length > 1_000_000) console.error(`${c.name}: large output`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  if (median > slowest.ms) slowest = { name: c.name, ms: median };
  const maxRss = process.resourceUsage().maxRSS * 1024;
  rows.push([
    c.name.slice(0, 58),
    c.code ?? 'accepted',
    `${median.toFixed(1)} ms`,
    `${mb(heapAfter)} MB`,
    `${mb(maxRss)} MB`,
  ]);
}

const widths = [58, 9, 11, 10, 10];
const line = (cells: readonly string[]) =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
console.log(line(['case', 'code', 'median', 'heap', 'maxRSS']));
for (const row of rows) console.log(line(row));
console.log(
  `\n${CASES.length} cases, ${repetitions} runs each; slowest: ${slowest.name} (${slowest.ms.toFixed(1)} ms)`,
);
