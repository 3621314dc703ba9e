// The activity interceptor that names the step on its span: `runbook.name`, `runbook.step`,
// `runbook.step.mode` and `runbook.action`, from the step header the workflow adds
// (step-header.ts) and the action registry. It runs inside OpenTelemetry's activity span.
import { trace } from '@opentelemetry/api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptors,
  Next,
} from '@temporalio/worker';
import { ACTIONS } from '../runbook/actions/index.js';
import { stepHeaderOf } from './step-header.js';

/** The YAML action each step activity carries out (`runCommand` is a `run:` step). */
const ACTION_OF_ACTIVITY: ReadonlyMap<string, string> = new Map([
  ['runCommand', 'run'],
  ...ACTIONS.flatMap((action) => [
    ...(action.activity === undefined ? [] : [[action.activity, action.name] as const]),
    ...(action.undo === undefined ? [] : [[action.undo.activity, action.name] as const]),
  ]),
]);

export interface StepAttributes {
  readonly 'runbook.name'?: string;
  readonly 'runbook.step'?: string;
  readonly 'runbook.step.mode'?: 'forward' | 'rollback' | 'undo';
  readonly 'runbook.action'?: string;
}

/**
 * The step attributes of an activity from its type and step header. Only step activities get a
 * step and an action; the lock and vote-key activities only the runbook.
 */
export function stepAttributes(
  activityType: string,
  header: { readonly runbook?: string; readonly summary?: string },
): StepAttributes {
  const runbook = header.runbook === undefined ? {} : { 'runbook.name': header.runbook };
  const action = ACTION_OF_ACTIVITY.get(activityType);
  if (action === undefined || header.summary === undefined) return runbook;
  const { summary } = header;
  const [mode, step] = summary.startsWith('rollback of ')
    ? (['rollback', summary.slice('rollback of '.length)] as const)
    : summary.startsWith('undo ')
      ? (['undo', summary.slice('undo '.length)] as const)
      : (['forward', summary] as const);
  return {
    ...runbook,
    'runbook.step': step,
    'runbook.step.mode': mode,
    'runbook.action': action,
  };
}

class StepAttributesInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
    const span = trace.getActiveSpan();
    if (span !== undefined)
      span.setAttributes({
        ...stepAttributes(this.ctx.info.activityType, stepHeaderOf(input.headers)),
      });
    return next(input);
  }
}

/** Activity interceptors factory: list it after OpenTelemetry's, so its span is the active one. */
export function stepAttributesInterceptor(ctx: ActivityContext): ActivityInterceptors {
  return { inbound: new StepAttributesInterceptor(ctx) };
}
