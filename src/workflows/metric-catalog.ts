/**
 * Every metric runbook-runner emits itself, in one table: the workflow code, the activities, the
 * server, the Prometheus exporter's bucket settings, docs/metrics.md and the Grafana dashboard are
 * all checked against it. Pure data, so workflow code may import it.
 *
 * Names carry their unit (`_seconds`, `_total`) because the exporter adds none (the SDK's own
 * series keep their `temporal_` prefix; ours are emitted unprefixed, see src/worker/runtime.ts).
 * Labels are bounded (src/workflows/metric-labels.ts): never a run id, a param or free text.
 */

/** Who emits a metric: workflow code (replay-safe meter), an activity, or `runbook server`. */
export type MetricSource = 'workflow' | 'activity' | 'server';

export interface MetricSpec {
  readonly name: string;
  readonly type: 'counter' | 'histogram';
  /** The unit passed to the meter (`1` for counts, `s` for seconds). */
  readonly unit: '1' | 's';
  /** The labels we set; the SDK adds its own (see docs/metrics.md). */
  readonly labels: readonly string[];
  readonly help: string;
  readonly source: MetricSource;
  /** Histogram bucket boundaries, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** Seconds: from a quick shell step to a long rollout. */
const STEP_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** Seconds: from an approval given at once to one left over a weekend. */
const APPROVAL_BUCKETS = [5, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 259200];
/** Seconds: a pinned checkout from the worker's cache or a fetch. */
const CHECKOUT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export const RUNBOOK_METRICS = {
  runsStarted: {
    name: 'runbook_runs_started_total',
    type: 'counter',
    unit: '1',
    labels: ['runbook', 'trigger'],
    help: 'Runs that started, by runbook and trigger kind (cli, slack, github, merge, schedule, parent).',
    source: 'workflow',
  },
  runsFinished: {
    name: 'runbook_runs_finished_total',
    type: 'counter',
    unit: '1',
    labels: ['runbook', 'status'],
    help: 'Runs that finished, by runbook and final status (Succeeded, Failed, RolledBack, RollbackFailed, Cancelled).',
    source: 'workflow',
  },
  stepDuration: {
    name: 'runbook_step_duration_seconds',
    type: 'histogram',
    unit: 's',
    labels: ['action', 'outcome'],
    help: 'Time a step took, by action (the `uses:` name, or run, parallel, forEach, runbook) and outcome (succeeded, failed, timed_out, cancelled, skipped).',
    source: 'workflow',
    buckets: STEP_BUCKETS,
  },
  approvalWait: {
    name: 'runbook_approval_wait_seconds',
    type: 'histogram',
    unit: 's',
    labels: ['runbook', 'outcome'],
    help: 'Time an approval (a step or the plan-binding gate) waited for its decision, by runbook and outcome (approved, rejected, timed_out, cancelled).',
    source: 'workflow',
    buckets: APPROVAL_BUCKETS,
  },
  compensationsRun: {
    name: 'runbook_compensations_run_total',
    type: 'counter',
    unit: '1',
    labels: ['runbook'],
    help: 'Rollbacks (a step’s `rollback:` or an action’s undo) that ran during compensation, by runbook.',
    source: 'workflow',
  },
  compensationsFailed: {
    name: 'runbook_compensations_failed_total',
    type: 'counter',
    unit: '1',
    labels: ['runbook'],
    help: 'Rollbacks that failed (the run ends RollbackFailed), by runbook.',
    source: 'workflow',
  },
  runsEnqueued: {
    name: 'runbook_runs_enqueued_total',
    type: 'counter',
    unit: '1',
    labels: ['concurrency_key'],
    help: 'Runs that had to queue behind another run holding their concurrency key.',
    source: 'workflow',
  },
  runsDequeued: {
    name: 'runbook_runs_dequeued_total',
    type: 'counter',
    unit: '1',
    labels: ['concurrency_key'],
    help: 'Queued runs that left the queue (granted, refused or cancelled); queued now = enqueued − dequeued.',
    source: 'workflow',
  },
  checkoutDuration: {
    name: 'runbook_checkout_seconds',
    type: 'histogram',
    unit: 's',
    labels: ['outcome'],
    help: 'Time a worker took to provide the pinned checkout a step runs in (cache hit or git fetch), by outcome (succeeded, failed).',
    source: 'activity',
    buckets: CHECKOUT_BUCKETS,
  },
  serverRequests: {
    name: 'runbook_server_requests_total',
    type: 'counter',
    unit: '1',
    labels: ['route', 'code'],
    help: 'HTTP requests `runbook server` answered, by route (the registered path, or `unmatched`) and status code.',
    source: 'server',
  },
} as const satisfies Record<string, MetricSpec>;

export type RunbookMetricKey = keyof typeof RUNBOOK_METRICS;

/** Every metric spec, in table order (for docs, the dashboard check and the exporter's buckets). */
export const ALL_RUNBOOK_METRICS: readonly MetricSpec[] = Object.values(RUNBOOK_METRICS);

/** The SDK's series the dashboard and docs/metrics.md point at (all prefixed `temporal_`). */
export const SDK_METRICS_TO_WATCH = [
  {
    name: 'temporal_workflow_task_execution_latency',
    type: 'histogram',
    help: 'Time the worker spent running one workflow task (the interpreter between two awaits).',
  },
  {
    name: 'temporal_workflow_task_schedule_to_start_latency',
    type: 'histogram',
    help: 'Time a workflow task waited for a worker: growing means too few workers or slots.',
  },
  {
    name: 'temporal_activity_schedule_to_start_latency',
    type: 'histogram',
    help: 'Time a step’s activity waited for a worker.',
  },
  {
    name: 'temporal_activity_execution_latency',
    type: 'histogram',
    help: 'Time one activity attempt ran.',
  },
  {
    name: 'temporal_worker_task_slots_available',
    type: 'gauge',
    help: 'Free executor slots, by worker_type (WorkflowWorker, ActivityWorker, LocalActivityWorker).',
  },
  {
    name: 'temporal_worker_task_slots_used',
    type: 'gauge',
    help: 'Busy executor slots, by worker_type.',
  },
  {
    name: 'temporal_num_pollers',
    type: 'gauge',
    help: 'Open long polls, by poller_type; zero means the worker is not taking work.',
  },
] as const;
