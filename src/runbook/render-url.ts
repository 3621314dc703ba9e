/**
 * Renders a URL template so that a value can only ever be data inside the URL, never new URL
 * structure: each `${{ }}` inside the URL is percent-encoded (`encodeURIComponent`), so a param
 * `a/../../admin?x=1#` stays one path segment. The one exception is an expression that starts the
 * template, which is the base URL itself (`${{ params.endpoint }}/hooks`): it is inserted as is
 * and must be an absolute http(s) URL. Pure: the workflow renders `http.request` URLs with it.
 */
import {
  type ExpressionContext,
  ExpressionError,
  evaluateExpression,
  findExpressions,
  hasExpression,
} from './expressions.js';
import type { JsonValue } from './model.js';

export function renderUrl(template: string, ctx: ExpressionContext): string {
  if (!hasExpression(template)) return template;
  let out = '';
  let at = 0;
  for (const part of findExpressions(template)) {
    out += template.slice(at, part.start);
    const value = evaluateExpression(part.expression, ctx);
    out += part.start === 0 ? baseUrl(value, part.expression) : encodeURIComponent(asText(value));
    at = part.end;
  }
  return out + template.slice(at);
}

function baseUrl(value: JsonValue, expression: string): string {
  const text = asText(value);
  if (!/^https?:\/\/[^\s]+$/i.test(text)) {
    throw new ExpressionError(
      'RB3120',
      `expression "${expression}" starts a URL, so it must be an absolute http(s) URL without spaces; got ${JSON.stringify(text.slice(0, 200))}`,
      expression,
    );
  }
  return text;
}

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
