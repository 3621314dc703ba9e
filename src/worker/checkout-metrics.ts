import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import type { MetricMeter } from '@temporalio/common';
import type { CheckoutCache } from '../activities/checkout/checkout-cache.js';
import { RUNBOOK_METRICS } from '../workflows/metric-catalog.js';

/** The calling activity's meter (tagged with its type and task queue), or none outside one. */
function activityMeter(): MetricMeter | undefined {
  try {
    return Context.current().metricMeter;
  } catch {
    return undefined;
  }
}

/**
 * The same checkout cache, timing every `ensureCheckout` into `runbook_checkout_seconds` through
 * the activity's metric meter: the cost a worker adds before a step can start (a cache hit is
 * milliseconds, a fetch of a new commit is seconds).
 */
export function measuredCheckouts(checkouts: CheckoutCache): CheckoutCache {
  const spec = RUNBOOK_METRICS.checkoutDuration;
  return {
    async ensureCheckout(pin) {
      const started = performance.now();
      let outcome: 'succeeded' | 'failed' = 'failed';
      try {
        const dir = await checkouts.ensureCheckout(pin);
        outcome = 'succeeded';
        return dir;
      } finally {
        activityMeter()
          ?.createHistogram(spec.name, 'float', spec.unit, spec.help)
          .record((performance.now() - started) / 1000, { outcome });
      }
    },
  };
}
