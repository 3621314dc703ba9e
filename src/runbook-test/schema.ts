/**
 * The zod schema of a runbook test file (`<name>.test.yaml`, `kind: RunbookTest`) as written: the
 * source of the raw types, the published JSON Schema (docs/runbook-test.schema.json) and the
 * structural half of validation. Cross-checks against the runbook live in check-against-runbook.ts.
 * Pure: no I/O.
 */
import { z } from 'zod';
import { API_VERSION, Duration, RUNBOOK_NAME_PATTERN, STEP_ID_PATTERN } from '../runbook/schema.js';
import { TEST_LIMITS } from './limits.js';

export const TEST_KIND = 'RunbookTest';

/** The statuses a finished run can end in; a case expects one of them. */
export const FINAL_STATUSES = [
  'Succeeded',
  'Failed',
  'RolledBack',
  'RollbackFailed',
  'Cancelled',
] as const;

const Json = z.json().meta({ id: 'JsonValue' });
const StepId = z.string().regex(STEP_ID_PATTERN).max(64);
const Person = z.string().min(1).max(64).meta({ description: 'A person of people.yaml.' });
const StepList = z.array(StepId).max(TEST_LIMITS.maxListedSteps);

export const FailMockSchema = z
  .strictObject({
    exitCode: z
      .int()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: 'A run: step exits with this code (default 1).' }),
    stderr: z
      .string()
      .max(TEST_LIMITS.maxFailText)
      .optional()
      .meta({ description: 'What a run: step wrote to stderr.' }),
    message: z
      .string()
      .max(TEST_LIMITS.maxFailText)
      .optional()
      .meta({ description: 'The failure message of a uses: step (or of a run: step).' }),
    attempts: z.int().min(1).max(TEST_LIMITS.maxFailAttempts).optional().meta({
      description:
        'Fail this many attempts, then succeed (the step retry policy decides whether it gets there); absent: every attempt fails.',
    }),
  })
  .meta({ id: 'FailMock', description: 'The step fails, as its activity would.' });

const RollbackMockSchema = z
  .strictObject({
    fail: FailMockSchema.optional(),
  })
  .meta({ description: "The step's rollback (its rollback: or built-in undo) fails." });

export const StepMockSchema = z
  .strictObject({
    outputs: z
      .record(z.string(), Json)
      .optional()
      .meta({ description: 'What the activity returns as outputs.' }),
    fail: FailMockSchema.optional(),
    duration: Duration.optional().meta({
      description: 'How long the step takes in virtual time (recorded; see docs).',
    }),
    real: z
      .literal(true)
      .optional()
      .meta({ description: 'Run this run: step for real (in the runbook folder).' }),
    rollback: RollbackMockSchema.optional(),
  })
  .meta({ id: 'StepMock', description: 'How the mocked activity of one step answers.' });

export const ApprovalPlanSchema = z
  .strictObject({
    step: StepId.meta({ description: 'An approval step of the runbook.' }),
    after: Duration.optional().meta({
      description: 'How long after the step starts waiting the people decide (default 0s).',
    }),
    approve: z.array(Person).min(1).max(TEST_LIMITS.maxVoters).optional(),
    reject: z.array(Person).min(1).max(TEST_LIMITS.maxVoters).optional(),
  })
  .meta({
    id: 'ApprovalPlan',
    description: 'Who decides an approval step and when; neither approve nor reject: it times out.',
  });

export const CallExpectationSchema = z
  .strictObject({
    step: StepId,
    with: z.record(z.string(), Json).optional().meta({
      description: 'Keys of the rendered with: of a uses: step (others are not compared).',
    }),
    argv: z
      .array(z.string())
      .optional()
      .meta({ description: 'The exact rendered argv of a run: step.' }),
    rollback: z
      .boolean()
      .optional()
      .meta({ description: "Match the step's rollback call instead of its forward call." }),
  })
  .meta({ id: 'CallExpectation' });

export const ExpectationsSchema = z
  .strictObject({
    status: z.enum(FINAL_STATUSES).optional(),
    ran: StepList.optional().meta({ description: 'Steps that started, in start order, exactly.' }),
    skipped: StepList.optional().meta({
      description: 'Steps skipped by when:, in order, exactly.',
    }),
    rolledBack: StepList.optional().meta({
      description:
        'Steps whose rollback ran, in the order it ran, exactly; each must have succeeded unless rollbackFailed names it.',
    }),
    rollbackFailed: StepList.optional().meta({
      description: 'Steps whose rollback ran and failed, in the order it ran, exactly.',
    }),
    calls: z.array(CallExpectationSchema).max(TEST_LIMITS.maxCalls).optional(),
    outputs: z
      .record(StepId, z.record(z.string(), Json))
      .optional()
      .meta({ description: 'Per step, outputs that must have these values.' }),
    approvers: z
      .record(StepId, z.array(Person).max(TEST_LIMITS.maxVoters))
      .optional()
      .meta({ description: 'Per approval step, the people recorded as approving it.' }),
  })
  .meta({ id: 'Expectations' });

export const TestCaseSchema = z
  .strictObject({
    name: z.string().min(1).max(TEST_LIMITS.maxCaseNameLength),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    approvals: z.array(ApprovalPlanSchema).max(TEST_LIMITS.maxApprovals).optional(),
    steps: z.record(StepId, StepMockSchema).optional(),
    expect: ExpectationsSchema,
  })
  .meta({ id: 'TestCase' });

export const RunbookTestSchema = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(TEST_KIND),
    runbook: z
      .string()
      .regex(RUNBOOK_NAME_PATTERN)
      .meta({ description: 'The metadata.name of the runbook under test.' }),
    cases: z.array(TestCaseSchema).min(1).max(TEST_LIMITS.maxCases),
  })
  .meta({
    title: 'runbook-runner test file',
    description: 'Cases that run a runbook on the real interpreter with mock activities.',
  });

export type RawRunbookTest = z.infer<typeof RunbookTestSchema>;
export type RawTestCase = z.infer<typeof TestCaseSchema>;
