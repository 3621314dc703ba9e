/**
 * The PromQL the dashboard uses, and no more: instant selectors with `=`, `!=`, `=~` matchers,
 * `rate`/`increase` over a range, `sum [by (…)]`, `histogram_quantile`, and `/`, `-` between two
 * vectors with identical label sets (or a number). Evaluated over scrapes of one `/metrics`
 * endpoint, so the rendered dashboard shows what its queries compute on real samples.
 *
 * Two simplifications, both on the side of showing what happened: a counter series that appears
 * inside a range counts from 0 (Prometheus extrapolates instead), and counter resets are ignored
 * (one worker process, no restarts).
 */
import type { Sample } from '../../src/testing/prometheus-text.js';

export type Labels = Readonly<Record<string, string>>;
export interface Scrape {
  /** Seconds since the first scrape. */
  readonly t: number;
  readonly samples: readonly Sample[];
}
export interface Point {
  readonly labels: Labels;
  readonly value: number;
}

interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~';
  readonly value: string;
}
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'selector'; readonly name: string; readonly matchers: readonly Matcher[] }
  | {
      readonly kind: 'range';
      readonly fn: 'rate' | 'increase';
      readonly selector: Expr;
      readonly seconds: number;
    }
  | { readonly kind: 'sum'; readonly by: readonly string[] | undefined; readonly arg: Expr }
  | { readonly kind: 'quantile'; readonly q: number; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: '/' | '-'; readonly left: Expr; readonly right: Expr };

const TOKEN =
  /\s*(=~|!=|[(){}[\],=/-]|"(?:[^"\\]|\\.)*"|[0-9]+(?:\.[0-9]+)?[smh]?|[A-Za-z_:][A-Za-z0-9_:]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match?.[1] === undefined) throw new Error(`cannot read "${text.slice(at)}" in ${text}`);
    tokens.push(match[1]);
  }
  return tokens;
}

function seconds(token: string): number {
  const match = /^([0-9]+)([smh])$/.exec(token);
  if (match === null) throw new Error(`"${token}" is not a duration like 30s, 5m or 1h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

/** Parses one query (after variables are substituted); throws naming what it cannot read. */
export function parsePromql(text: string): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const token = tokens[i++];
    if (token === undefined) throw new Error(`unexpected end of ${text}`);
    return token;
  };
  const expect = (token: string) => {
    const got = next();
    if (got !== token) throw new Error(`expected "${token}", got "${got}" in ${text}`);
  };
  const labelList = (): string[] => {
    expect('(');
    const names: string[] = [];
    while (peek() !== ')') {
      names.push(next());
      if (peek() === ',') next();
    }
    expect(')');
    return names;
  };
  const selector = (name: string): Expr => {
    const matchers: Matcher[] = [];
    if (peek() === '{') {
      next();
      while (peek() !== '}') {
        const label = next();
        const op = next();
        if (op !== '=' && op !== '!=' && op !== '=~')
          throw new Error(`bad matcher ${op} in ${text}`);
        const value = JSON.parse(next()) as string;
        matchers.push({ label, op, value });
        if (peek() === ',') next();
      }
      next();
    }
    return { kind: 'selector', name, matchers };
  };
  const primary = (): Expr => {
    const token = next();
    if (token === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (/^[0-9]/.test(token)) return { kind: 'number', value: Number(token) };
    if (token === 'sum') {
      let by: string[] | undefined;
      if (peek() === 'by') {
        next();
        by = labelList();
      }
      expect('(');
      const arg = expression();
      expect(')');
      return { kind: 'sum', by, arg };
    }
    if (token === 'rate' || token === 'increase') {
      expect('(');
      const sel = selector(next());
      expect('[');
      const range = seconds(next());
      expect(']');
      expect(')');
      return { kind: 'range', fn: token, selector: sel, seconds: range };
    }
    if (token === 'histogram_quantile') {
      expect('(');
      const q = Number(next());
      expect(',');
      const arg = expression();
      expect(')');
      return { kind: 'quantile', q, arg };
    }
    return selector(token);
  };
  const expression = (): Expr => {
    let left = primary();
    while (peek() === '/' || peek() === '-') {
      const op = next() as '/' | '-';
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const parsed = expression();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]}" in ${text}`);
  return parsed;
}

/** The metric names a query reads (histogram `_bucket` names as written). */
export function metricNames(expr: Expr): string[] {
  switch (expr.kind) {
    case 'number':
      return [];
    case 'selector':
      return [expr.name];
    case 'range':
      return metricNames(expr.selector);
    case 'sum':
    case 'quantile':
      return metricNames(expr.arg);
    case 'binary':
      return [...metricNames(expr.left), ...metricNames(expr.right)];
    default: {
      const unreachable: never = expr;
      throw new Error(`unknown expression ${JSON.stringify(unreachable)}`);
    }
  }
}

const keyOf = (labels: Labels) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function matches(labels: Labels, matcher: Matcher): boolean {
  const value = labels[matcher.label] ?? '';
  if (matcher.op === '=') return value === matcher.value;
  if (matcher.op === '!=') return value !== matcher.value;
  return new RegExp(`^(?:${matcher.value})$`).test(value);
}

function select(expr: Expr & { kind: 'selector' }, scrape: Scrape): Point[] {
  return scrape.samples
    .filter((s) => s.name === expr.name && expr.matchers.every((m) => matches(s.labels, m)))
    .map((s) => ({ labels: s.labels, value: s.value }));
}

/** Evaluates `expr` at scrape `index` of `scrapes`. */
export function evaluate(expr: Expr, scrapes: readonly Scrape[], index: number): Point[] {
  const now = scrapes[index];
  if (now === undefined) return [];
  switch (expr.kind) {
    case 'number':
      return [{ labels: {}, value: expr.value }];
    case 'selector':
      return select(expr, now);
    case 'range': {
      if (expr.selector.kind !== 'selector') throw new Error('a range needs a selector');
      let baseIndex = 0;
      for (let j = index; j >= 0; j -= 1) {
        if ((scrapes[j]?.t ?? 0) <= now.t - expr.seconds) {
          baseIndex = j;
          break;
        }
      }
      const base = scrapes[baseIndex] as Scrape;
      const elapsed = now.t - base.t;
      if (elapsed <= 0) return [];
      const before = new Map(select(expr.selector, base).map((p) => [keyOf(p.labels), p.value]));
      return select(expr.selector, now).map((p) => {
        const increase = Math.max(0, p.value - (before.get(keyOf(p.labels)) ?? 0));
        return { labels: p.labels, value: expr.fn === 'rate' ? increase / elapsed : increase };
      });
    }
    case 'sum': {
      const groups = new Map<string, Point>();
      for (const p of evaluate(expr.arg, scrapes, index)) {
        const labels: Record<string, string> = {};
        for (const name of expr.by ?? [])
          if (p.labels[name] !== undefined) labels[name] = p.labels[name];
        const key = keyOf(labels);
        groups.set(key, { labels, value: (groups.get(key)?.value ?? 0) + p.value });
      }
      return [...groups.values()];
    }
    case 'quantile':
      return quantiles(expr.q, evaluate(expr.arg, scrapes, index));
    case 'binary': {
      const left = evaluate(expr.left, scrapes, index);
      const right = evaluate(expr.right, scrapes, index);
      const scalar = expr.right.kind === 'number' ? right[0]?.value : undefined;
      const byKey = new Map(right.map((p) => [keyOf(p.labels), p.value]));
      const out: Point[] = [];
      for (const p of left) {
        const other = scalar ?? byKey.get(keyOf(p.labels));
        if (other === undefined) continue;
        const value = expr.op === '/' ? p.value / other : p.value - other;
        if (Number.isFinite(value)) out.push({ labels: p.labels, value });
      }
      return out;
    }
    default: {
      const unreachable: never = expr;
      throw new Error(`unknown expression ${JSON.stringify(unreachable)}`);
    }
  }
}

/** `histogram_quantile`: linear interpolation inside the bucket the rank falls in, like Prometheus. */
function quantiles(q: number, buckets: readonly Point[]): Point[] {
  const groups = new Map<string, { labels: Labels; buckets: { le: number; count: number }[] }>();
  for (const p of buckets) {
    const { le, ...rest } = p.labels;
    if (le === undefined) continue;
    const key = keyOf(rest);
    const group = groups.get(key) ?? { labels: rest, buckets: [] };
    group.buckets.push({
      le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le),
      count: p.value,
    });
    groups.set(key, group);
  }
  const out: Point[] = [];
  for (const { labels, buckets: list } of groups.values()) {
    list.sort((a, b) => a.le - b.le);
    const total = list.at(-1)?.count ?? 0;
    if (total <= 0) continue;
    const rank = q * total;
    let previousLe = 0;
    let previousCount = 0;
    for (const bucket of list) {
      if (bucket.count >= rank) {
        const value = Number.isFinite(bucket.le)
          ? previousLe +
            ((bucket.le - previousLe) * (rank - previousCount)) /
              (bucket.count - previousCount || 1)
          : previousLe;
        out.push({ labels, value });
        break;
      }
      previousLe = bucket.le;
      previousCount = bucket.count;
    }
  }
  return out;
}
