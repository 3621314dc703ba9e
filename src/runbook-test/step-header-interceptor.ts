/**
 * WORKFLOW-SANDBOX CODE (bundled into the interpreter for `runbook test` only; imports nothing but
 * `@temporalio/workflow`). The interpreter names each activity it schedules by its step: the
 * `summary` of the activity options is the step key (`set-image`), `rollback of <key>` or
 * `undo <key>` (src/workflows/step-options.ts). This interceptor copies that summary into a
 * header, so the mock activities know which step called them without the interpreter changing
 * the commands it issues (headers are not compared on replay).
 */
import {
  type ActivityInput,
  defaultPayloadConverter,
  type Next,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header carrying the activity's summary (see {@link interceptors}). */
export const STEP_HEADER = 'runbook-test-step';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(
        input: ActivityInput,
        next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
      ) {
        const summary = input.options.summary;
        if (summary === undefined) return next(input);
        return next({
          ...input,
          headers: { ...input.headers, [STEP_HEADER]: defaultPayloadConverter.toPayload(summary) },
        });
      },
    },
  ],
});
