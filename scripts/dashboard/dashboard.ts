// The committed Grafana dashboard, read the way the renderer and the tests need it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_PATH = fileURLToPath(
  new URL('../../charts/runbook-runner/dashboards/runbook-runner.json', import.meta.url),
);

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
}
export interface DashboardPanel {
  readonly id: number;
  readonly type: 'row' | 'timeseries' | 'stat';
  readonly title: string;
  readonly gridPos: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  };
  readonly fieldConfig?: { readonly defaults?: { readonly unit?: string } };
  readonly targets?: readonly DashboardTarget[];
}
export interface Dashboard {
  readonly title: string;
  readonly panels: readonly DashboardPanel[];
  readonly templating: {
    readonly list: readonly {
      readonly name: string;
      readonly type: string;
      readonly query?: unknown;
    }[];
  };
}

export function loadDashboard(path = DASHBOARD_PATH): Dashboard {
  return JSON.parse(readFileSync(path, 'utf8')) as Dashboard;
}

/**
 * Grafana's variables as the renderer fills them: every runbook (`$runbook` = All), the rate
 * window and the dashboard's whole time range, in seconds.
 */
export function substitute(
  expr: string,
  windows: { rateSeconds: number; rangeSeconds: number },
): string {
  return expr
    .replaceAll('$__rate_interval', `${Math.round(windows.rateSeconds)}s`)
    .replaceAll('$__range', `${Math.max(1, Math.round(windows.rangeSeconds))}s`)
    .replaceAll('$runbook', '.*');
}

/** A histogram's series name (`x_bucket`, `x_sum`, `x_count`) → the metric's name `x`. */
export function metricOfSeries(series: string): string {
  return series.replace(/_(bucket|sum|count)$/, '');
}
