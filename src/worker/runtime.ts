import type { MetricMeter } from '@temporalio/common';
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import { ALL_RUNBOOK_METRICS } from '../workflows/metric-catalog.js';
import {
  type MetricsAddress,
  MetricsAddressError,
  metricsAddressFromEnv,
} from './metrics-address.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/**
 * The SDK's own series keep this prefix (`temporal_workflow_task_execution_latency`, …); ours are
 * created through the runtime's user-metric meter, which core does not prefix, so they read
 * exactly `runbook_…` (see metric-catalog.ts).
 */
const SDK_METRIC_PREFIX = 'temporal_';

export interface InstalledRuntime {
  /** Where `/metrics` is served, when RUNBOOK_METRICS_ADDRESS is set. */
  readonly metrics?: MetricsAddress;
  /** The process-wide meter: a no-op without metrics. */
  readonly meter: MetricMeter;
}

let installed: InstalledRuntime | undefined;

/**
 * Installs the SDK runtime once per process, logging at `RUNBOOK_LOG_LEVEL` (default WARN: the
 * worker's lifecycle chatter would drown the progress a person is watching). With
 * RUNBOOK_METRICS_ADDRESS it also serves Prometheus metrics there: the SDK's (task latency,
 * slots, pollers, in seconds) and the project's `runbook_…` series with their buckets.
 * Throws a `MetricsAddressError` when the setting is malformed or its port is taken.
 */
export function installRuntime(
  env: NodeJS.ProcessEnv,
  defaultLevel: LogLevel = 'WARN',
): InstalledRuntime {
  if (installed !== undefined) return installed;
  const wanted = env.RUNBOOK_LOG_LEVEL?.toUpperCase();
  const level = LEVELS.find((l) => l === wanted) ?? defaultLevel;
  const metrics = metricsAddressFromEnv(env);
  const logger = new DefaultLogger(level);
  if (metrics === undefined) {
    installed = { meter: Runtime.install({ logger }).metricMeter };
    return installed;
  }
  try {
    const runtime = Runtime.install({
      logger,
      telemetryOptions: {
        metrics: {
          metricPrefix: SDK_METRIC_PREFIX,
          prometheus: {
            bindAddress: metrics.bindAddress,
            useSecondsForDurations: true,
            histogramBucketOverrides: histogramBuckets(),
          },
        },
      },
    });
    installed = { metrics, meter: runtime.metricMeter };
    return installed;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MetricsAddressError(
      'RB9021',
      env.RUNBOOK_METRICS_ADDRESS ?? '',
      `could not be served (${reason}); pick a free port, or stop the process that serves metrics there`,
      { cause: error },
    );
  }
}

/** Bucket boundaries of our histograms; the SDK's keep the exporter's defaults. */
function histogramBuckets(): Record<string, number[]> {
  const buckets: Record<string, number[]> = {};
  for (const spec of ALL_RUNBOOK_METRICS) {
    if (spec.buckets !== undefined) buckets[spec.name] = [...spec.buckets];
  }
  return buckets;
}
