/**
 * WORKFLOW-SANDBOX CODE (bundled into the interpreter for `runbook test` only; imports nothing but
 * `@temporalio/workflow`). Keeps the interpreter from ever sending a CancelTimer command on the
 * time-skipping test server, whose handling of one is wrong in a way that hangs the run.
 *
 * Why: while a workflow task is in flight, the test server holds its virtual clock to real time,
 * so a timer due a few milliseconds after the one that woke the workflow fires during that task.
 * The real server then drops the buffered TimerFired when the task cancels that timer; the test
 * server instead refuses the whole completion ("invalid history builder state for action") and
 * keeps its time-skipping lock, so the run never moves again. It happens whenever two timers of a
 * run fall close together, e.g. a run `timeout: 1d` and an approval `timeout: 1d` started in
 * consecutive tasks: the run timeout cancels the approval wait, whose timer is due 30 ms later.
 *
 * How: each cancellable timer is started in a non-cancellable scope, and the promise handed back
 * rejects when the caller's scope is cancelled, exactly as the SDK's own timer promise does. The
 * workflow sees the same outcomes; the only difference is in the commands: the timer stays on
 * the server and fires later into a task that no longer waits for it.
 */
import {
  CancellationScope,
  type Next,
  type TimerInput,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      startTimer(input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>) {
        const scope = CancellationScope.current();
        // Already cancelled: the SDK rejects at once and sends no command at all.
        if (!scope.cancellable || scope.consideredCancelled) return next(input);
        return new Promise<void>((resolve, reject) => {
          scope.cancelRequested.catch(reject);
          CancellationScope.nonCancellable(() => next(input)).then(resolve, reject);
        });
      },
    },
  ],
});
