/**
 * Maps a path in the parsed document (`['spec', 'steps', 2, 'timeout']`) back to the exact place
 * in the YAML text, so that every diagnostic can say `file:line:col`. Pure: no I/O.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

export type Path = ReadonlyArray<string | number>;

export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Locator {
  readonly file: string;
  readonly text: string;
  /** The value at `path`; `key` points at the key of the last segment instead. */
  at(path: Path, part?: 'key' | 'value'): Span;
  /** A range inside the string value at `path`, when the source spells it out verbatim. */
  inString(path: Path, start: number, end: number): Span;
}

/** `spec.steps[2].timeout` */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function createLocator(doc: Document, text: string, file: string): Locator {
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);

  /** The deepest node along `path`, with the key node of the last segment that matched. */
  function find(path: Path): { node: Node | undefined; key: Node | undefined; depth: number } {
    let node = resolve(doc.contents) as Node | undefined;
    let key: Node | undefined;
    let depth = 0;
    for (const segment of path) {
      const current = resolve(node);
      let next: unknown;
      let nextKey: unknown;
      if (isMap(current)) {
        const pair = current.items.find(
          (item) =>
            isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) break;
        next = pair.value;
        nextKey = pair.key;
      } else if (isSeq(current) && typeof segment === 'number') {
        next = current.items[segment];
        nextKey = undefined;
        if (next === undefined) break;
      } else {
        break;
      }
      node = (next ?? undefined) as Node | undefined;
      key = nextKey as Node | undefined;
      depth++;
      if (node === undefined || node === null) break;
    }
    return { node: resolve(node) as Node | undefined, key, depth };
  }

  // Offsets of line starts, so that a position costs a binary search, not a scan of the text.
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  function positionOf(offset: number): { line: number; column: number } {
    const at = Math.min(Math.max(offset, 0), text.length);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (lineStarts[low] ?? 0) + 1 };
  }

  function span(start: number, end: number): Span {
    const from = positionOf(start);
    const to = positionOf(Math.max(end, start));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  function nodeSpan(node: Node | undefined): Span {
    const range = node?.range;
    if (range === undefined || range === null) return span(0, 0);
    return span(range[0], range[1]);
  }

  return {
    file,
    text,
    at(path, part = 'value') {
      const found = find(path);
      if (found.depth === path.length) {
        if (part === 'key' && found.key !== undefined) return nodeSpan(found.key);
        if (found.node !== undefined && found.node !== null) return nodeSpan(found.node);
        if (found.key !== undefined) return nodeSpan(found.key);
      }
      // The path leaves the document (a missing key): point at the nearest existing key or node.
      if (found.key !== undefined && found.depth > 0) return nodeSpan(found.key);
      return nodeSpan(found.node);
    },
    inString(path, start, end) {
      const found = find(path);
      const node = found.node;
      if (
        found.depth === path.length &&
        isScalar(node) &&
        typeof node.value === 'string' &&
        node.range
      ) {
        const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
        const sourceStart = node.range[0] + quote;
        const piece = node.value.slice(start, end);
        if (text.slice(sourceStart + start, sourceStart + end) === piece) {
          return span(sourceStart + start, sourceStart + end);
        }
        // Block scalars and escaped strings: find the piece in the node's own source text.
        const raw = text.slice(node.range[0], node.range[1]);
        const index = raw.indexOf(piece);
        if (index !== -1 && piece !== '') {
          return span(node.range[0] + index, node.range[0] + index + piece.length);
        }
      }
      return this.at(path);
    },
  };
}
