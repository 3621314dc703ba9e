/**
 * The zod schema of a runbook file as written: the single source of truth for the raw document's
 * TypeScript types, the published JSON Schema (`runbook schema`, docs/runbook.schema.json, built
 * in json-schema.ts with the action registry's `with:` schemas) and the structural half of
 * validation. Semantic checks (ids, references, expressions) live in
 * `validate.ts`; normalization into the model lives in `parse.ts`. Pure: no I/O.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from './duration.js';
import { AccessSchema } from './people/approvers-schema.js';
import { SLACK_CHANNEL_PATTERN } from './slack-channel.js';

export const API_VERSION = 'runbook-runner/v1';

/** Step ids and param names are used inside expressions (`steps.<id>`), so they are identifiers. */
export const STEP_ID_PATTERN = /^[a-z][a-zA-Z0-9_-]*$/;
export const PARAM_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const RUNBOOK_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const LOOP_VAR_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const SHELLS = ['bash', 'sh'] as const;
export const PARAM_TYPES = ['string', 'integer', 'boolean', 'duration', 'secret'] as const;

export const Duration = z
  .string()
  .regex(DURATION_PATTERN)
  .meta({ description: 'A duration such as "30s", "5m", "1h30m", "2d" or "250ms".' });

export const Template = z
  .string()
  .meta({ description: `A string that may contain \${{ CEL }} expressions.` });

const Json = z.json().meta({ id: 'JsonValue' });

const StringList = z.array(z.string());

export const RetrySchema = z
  .strictObject({
    maxAttempts: z.int().min(1).max(100).optional(),
    initialInterval: Duration.optional(),
    backoff: z.number().min(1).max(10).optional(),
    maxInterval: Duration.optional(),
  })
  .meta({ description: 'Retry policy; defaults: 3 attempts, 1s initial interval, backoff 2.' });

const ScalarEnv = z.union([z.string(), z.number(), z.boolean()]);

/** Fields every step and every rollback may carry. */
const commonFields = {
  name: z.string().optional(),
  when: Template.optional().meta({ description: `A \${{ }} expression that must be boolean.` }),
  retry: RetrySchema.optional(),
  timeout: Duration.optional(),
  continueOnError: z.boolean().optional(),
  env: z.record(z.string(), ScalarEnv).optional(),
  run: z
    .union([z.array(Template).min(1), z.string()])
    .optional()
    .meta({ description: 'An argv list (no shell), or a script string with an explicit shell.' }),
  shell: z.enum(SHELLS).optional(),
  uses: z.string().optional().meta({ description: 'An action name, e.g. kubernetes.setImage.' }),
  with: z.record(z.string(), Json).optional(),
};

export const RollbackSchema = z.strictObject(commonFields).meta({
  id: 'RollbackStep',
  description: 'A step without id that undoes its step; only run or uses.',
});

export interface RawStep {
  id: string;
  name?: string | undefined;
  when?: string | undefined;
  retry?: z.infer<typeof RetrySchema> | undefined;
  timeout?: string | undefined;
  continueOnError?: boolean | undefined;
  env?: Record<string, string | number | boolean> | undefined;
  outputs?: Record<string, string> | undefined;
  rollback?: 'none' | z.infer<typeof RollbackSchema> | undefined;
  run?: string[] | string | undefined;
  shell?: (typeof SHELLS)[number] | undefined;
  uses?: string | undefined;
  with?: Record<string, z.infer<typeof Json>> | undefined;
  parallel?: RawStep[] | undefined;
  forEach?:
    | {
        items: string | z.infer<typeof Json>[];
        as?: string | undefined;
        maxConcurrency?: number | undefined;
        steps: RawStep[];
      }
    | undefined;
  runbook?: string | undefined;
  params?: Record<string, z.infer<typeof Json>> | undefined;
}

export const StepSchema: z.ZodType<RawStep> = z.lazy(() =>
  z
    .strictObject({
      id: z.string().regex(STEP_ID_PATTERN),
      ...commonFields,
      outputs: z.record(z.string(), Template).optional(),
      rollback: z.union([z.literal('none'), RollbackSchema]).optional(),
      parallel: z.array(StepSchema).min(1).optional(),
      forEach: z
        .strictObject({
          items: z.union([Template, z.array(Json)]),
          as: z.string().regex(LOOP_VAR_PATTERN).optional(),
          maxConcurrency: z.int().min(1).max(100).optional(),
          steps: z.array(StepSchema).min(1),
        })
        .optional(),
      runbook: z.string().regex(RUNBOOK_NAME_PATTERN).optional(),
      params: z.record(z.string(), Json).optional(),
    })
    .meta({
      id: 'Step',
      description: 'A step: an id and exactly one of run, uses, parallel, forEach, runbook.',
    }),
);

export const ParamSpecSchema = z.strictObject({
  type: z.enum(PARAM_TYPES),
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  enum: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional(),
  pattern: z.string().optional(),
});

export const RunbookSchema = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Runbook'),
    metadata: z.strictObject({
      name: z.string().regex(RUNBOOK_NAME_PATTERN),
      description: z.string().optional(),
      owners: StringList.optional(),
    }),
    spec: z.strictObject({
      params: z.record(z.string().regex(PARAM_NAME_PATTERN), ParamSpecSchema).optional(),
      concurrency: z
        .strictObject({ key: Template, onConflict: z.enum(['reject', 'queue']).optional() })
        .optional(),
      access: AccessSchema.optional(),
      triggers: z
        .strictObject({
          slack: z
            .strictObject({
              channel: z
                .string()
                .regex(SLACK_CHANNEL_PATTERN, {
                  error: 'must be a Slack channel id (C0123ABCD) or #name',
                })
                .optional()
                .meta({
                  description:
                    'Where runbook server announces runs started elsewhere (CLI, GitHub) and keeps their live message; a run started from a slash command stays where it was started.',
                }),
            })
            .optional(),
          github: z
            .strictObject({
              onMerge: z
                .strictObject({
                  branches: StringList.optional(),
                  paths: StringList.optional(),
                  params: z.record(z.string(), Json).optional(),
                })
                .optional(),
            })
            .optional(),
        })
        .optional(),
      timeout: Duration.optional(),
      steps: z.array(StepSchema).min(1),
      onFailure: z.array(StepSchema).optional(),
    }),
  })
  .meta({ title: 'runbook-runner runbook (v1)' });

export type RawRunbook = z.infer<typeof RunbookSchema>;
export type RawParamSpec = z.infer<typeof ParamSpecSchema>;
export type RawRollback = z.infer<typeof RollbackSchema>;
