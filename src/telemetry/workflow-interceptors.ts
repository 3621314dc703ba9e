// The workflow interceptor module bundled with the interpreter (see src/worker/bundle-options.ts).
// It runs in the workflow sandbox, so it is deterministic: it only adds headers (which replay does
// not compare) and hands spans to the `exporter` sink.
//
// A run is traced when its start carried a trace (the `_tracer-data` header a tracing client
// writes; it is in the run's history, so replay decides the same way). Then OpenTelemetry's
// workflow interceptors make the workflow, signal, update and activity-start spans and carry the
// trace into every activity, and each activity gets the step header (step-header.ts). A run started
// without tracing costs nothing here: no span is made and no sink is called, whatever the worker.
//
// Signal and update handlers (votes, Slack escalation updates) run outside the workflow function,
// where no span is active: they are put under the run's workflow span, so a vote is part of the
// run's one trace. Queries (a CLI following a run asks several a second) are not traced.
import { type Context, context } from '@opentelemetry/api';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { STEP_HEADER, stepHeaderPayload } from './step-header.js';

/** The runbook's name from the run input (`RunbookRunInput.definition.name`), if this is a run. */
function runbookNameOf(args: readonly unknown[]): string | undefined {
  const [input] = args;
  if (typeof input !== 'object' || input === null) return undefined;
  const definition = (input as { definition?: unknown }).definition;
  if (typeof definition !== 'object' || definition === null) return undefined;
  const name = (definition as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Called once per workflow execution: its state (traced or not, the runbook) is its own. */
export function interceptors(): WorkflowInterceptors {
  let traced = false;
  let runbook: string | undefined;
  /** The context of the run's workflow span, once the workflow function runs. */
  let runContext: Context | undefined;
  const underRun = <T>(fn: () => T): T =>
    runContext === undefined ? fn() : context.with(runContext, fn);
  let otel:
    | {
        readonly inbound: OpenTelemetryInboundInterceptor;
        readonly outbound: OpenTelemetryOutboundInterceptor;
        readonly internals: OpenTelemetryInternalsInterceptor;
      }
    | undefined;
  const open = () => {
    otel ??= {
      inbound: new OpenTelemetryInboundInterceptor(),
      outbound: new OpenTelemetryOutboundInterceptor(),
      internals: new OpenTelemetryInternalsInterceptor(),
    };
    return otel;
  };

  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      traced = input.headers[TRACE_HEADER] !== undefined;
      if (!traced) return next(input);
      runbook = runbookNameOf(input.args);
      return open().inbound.execute(input, (inner) => {
        runContext = context.active();
        return next(inner);
      });
    },
    handleSignal: (input, next) =>
      traced ? underRun(() => open().inbound.handleSignal(input, next)) : next(input),
    handleUpdate: (input, next) =>
      traced ? underRun(() => open().inbound.handleUpdate(input, next)) : next(input),
    validateUpdate: (input, next) => {
      if (traced) underRun(() => open().inbound.validateUpdate(input, next));
      else next(input);
    },
  };

  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity(input, next) {
      if (!traced) return next(input);
      const header = stepHeaderPayload({
        ...(runbook === undefined ? {} : { runbook }),
        ...(input.options.summary === undefined ? {} : { summary: input.options.summary }),
      });
      return open().outbound.scheduleActivity(
        { ...input, headers: { ...input.headers, [STEP_HEADER]: header } },
        next,
      );
    },
    scheduleLocalActivity: (input, next) =>
      traced ? open().outbound.scheduleLocalActivity(input, next) : next(input),
    startChildWorkflowExecution: (input, next) =>
      traced ? open().outbound.startChildWorkflowExecution(input, next) : next(input),
    continueAsNew: (input, next) =>
      traced ? open().outbound.continueAsNew(input, next) : next(input),
    signalWorkflow: (input, next) =>
      traced ? open().outbound.signalWorkflow(input, next) : next(input),
    getLogAttributes: (input, next) =>
      traced ? open().outbound.getLogAttributes(input, next) : next(input),
  };

  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) =>
      otel === undefined ? next(input) : otel.internals.dispose(input, next),
  };

  return { inbound: [inbound], outbound: [outbound], internals: [internals] };
}
