// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * The JSON Schema published as docs/runbook.schema.json and printed by `runbook schema`: the
 * runbook's zod schema, plus, for a step with `uses:`, the `with:` schema of that action from the
 * registry (an `if`/`then` on the `uses` value), so that editors complete and check `with:` keys.
 * Wherever `with:` expects something other than free text, a `${{ }}` expression is also
 * accepted, as `runbook validate` does. Pure: no I/O.
 */
import { z } from 'zod';
import { ACTIONS } from './actions/index.js';
import { RunbookSchema } from './schema.js';

type JsonSchema = { [key: string]: unknown };

const SCHEMA_ID = 'https://runbook-runner.dev/schema/runbook-v1.json';
const EXPRESSION_DEF = 'Expression';
const EXPRESSION_REF = { $ref: `#/$defs/${EXPRESSION_DEF}` };

/** `$defs` key of an action's `with:` schema. */
function withDef(name: string): string {
  return `with:${name}`;
}

export function runbookJsonSchema(): Record<string, unknown> {
  // One conversion for the runbook and every action input, so that their `$defs` share one
  // namespace; the carrier object itself is not published.
  const carrier = z.strictObject({
    runbook: RunbookSchema,
    inputs: z.strictObject(
      Object.fromEntries(ACTIONS.map((action) => [action.name, action.input])),
    ),
  });
  const converted = z.toJSONSchema(carrier, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  const properties = converted.properties as Record<string, JsonSchema>;
  const root = properties.runbook as JsonSchema;
  const inputs = (properties.inputs as JsonSchema).properties as Record<string, JsonSchema>;
  const defs: Record<string, JsonSchema> = { ...(converted.$defs as Record<string, JsonSchema>) };

  defs[EXPRESSION_DEF] = {
    type: 'string',
    pattern: '\\$\\{\\{',
    description: 'A ${{ }} expression; its rendered value is checked when the step runs.',
  };
  for (const action of ACTIONS) {
    const input = inputs[action.name] as JsonSchema;
    defs[withDef(action.name)] = {
      ...allowExpressions(input, false),
      description: `with: of ${action.name}: ${action.summary} See ${action.docs}.`,
    };
  }
  for (const id of ['Step', 'RollbackStep']) {
    const step = defs[id];
    if (step === undefined)
      throw new Error(`the runbook JSON Schema has no $defs.${id}; this is a bug`);
    defs[id] = typedWith(step);
  }
  return {
    $schema: converted.$schema,
    ...root,
    $defs: defs,
    $id: SCHEMA_ID,
  };
}

/** A step schema whose `uses` lists the available actions and whose `with:` follows `uses`. */
function typedWith(step: JsonSchema): JsonSchema {
  const properties = step.properties as Record<string, JsonSchema>;
  const available = ACTIONS.filter((action) => action.available === true);
  return {
    ...step,
    properties: {
      ...properties,
      uses: { ...properties.uses, enum: available.map((action) => action.name) },
    },
    allOf: available.map((action) => ({
      if: { properties: { uses: { const: action.name } }, required: ['uses'] },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, not a promise
      then: { properties: { with: { $ref: `#/$defs/${withDef(action.name)}` } } },
    })),
  };
}

/** Whether any string is valid here, so an expression needs no separate branch. */
function acceptsAnyString(node: JsonSchema): boolean {
  return (
    node.type === 'string' &&
    node.pattern === undefined &&
    node.enum === undefined &&
    node.const === undefined &&
    node.format === undefined
  );
}

/** Lets a `${{ }}` stand for every value below `node` (and for `node` itself when `wrap`). */
function allowExpressions(node: JsonSchema, wrap: boolean): JsonSchema {
  const out: JsonSchema = { ...node };
  if (typeof out.properties === 'object' && out.properties !== null) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [
        key,
        allowExpressions(value, true),
      ]),
    );
  }
  if (typeof out.additionalProperties === 'object' && out.additionalProperties !== null) {
    out.additionalProperties = allowExpressions(out.additionalProperties as JsonSchema, true);
  }
  if (typeof out.items === 'object' && out.items !== null) {
    out.items = allowExpressions(out.items as JsonSchema, true);
  }
  if (Array.isArray(out.anyOf)) {
    out.anyOf = (out.anyOf as JsonSchema[]).map((branch) => allowExpressions(branch, false));
  }
  if (!wrap || acceptsAnyString(out) || out.$ref !== undefined) return out;
  if (Array.isArray(out.anyOf)) return { ...out, anyOf: [...out.anyOf, EXPRESSION_REF] };
  const { description, default: fallback, ...rest } = out;
  return {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
    anyOf: [rest, EXPRESSION_REF],
  };
}
