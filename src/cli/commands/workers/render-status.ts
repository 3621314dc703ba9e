import type { DeploymentState, PollerState } from '../../../temporal/deployments/index.js';

/** `runbook workers status --json`: the same facts as the table, as data. */
export function statusJson(
  state: DeploymentState,
  namespace: string,
  pollers: ReadonlyMap<string, readonly PollerState[]>,
) {
  return {
    deployment: state.deploymentName,
    namespace,
    current: state.current ?? null,
    ramping:
      state.ramping === undefined
        ? null
        : { buildId: state.ramping.buildId ?? null, percentage: state.ramping.percentage },
    versions: state.versions.map((version) => ({
      ...version,
      pollers: pollers.get(version.buildId) ?? [],
    })),
    ...(state.lastModifier === undefined ? {} : { lastModifier: state.lastModifier }),
  };
}

/** Distinct workers (identities) among a version's pollers. */
export function workerCount(pollers: readonly PollerState[] | undefined): number {
  return new Set((pollers ?? []).map((p) => p.identity)).size;
}

/**
 * The table `runbook workers status` prints: routing on top, then one line per version with its
 * status, drainage and the workers polling for it.
 */
export function renderStatus(
  state: DeploymentState,
  namespace: string,
  pollers: ReadonlyMap<string, readonly PollerState[]>,
): string {
  const ramping =
    state.ramping === undefined || state.ramping.buildId === undefined
      ? 'none'
      : `${state.ramping.buildId} at ${state.ramping.percentage} %`;
  const rows = state.versions.map((version) => {
    const polling = pollers.get(version.buildId) ?? [];
    const identities = [...new Set(polling.map((p) => p.identity))];
    return [
      version.buildId,
      version.status,
      version.drainage === 'none' ? '-' : version.drainage,
      String(identities.length),
      identities.join(', ') || '-',
    ];
  });
  const header = ['BUILD ID', 'STATUS', 'DRAINAGE', 'WORKERS', 'POLLERS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `worker deployment ${state.deploymentName} (namespace ${namespace})`,
    `current: ${state.current ?? 'none (unversioned workers get new runs)'}`,
    `ramping: ${ramping}`,
    '',
    line(header),
    ...rows.map(line),
    ...(state.versions.length === 0 ? ['(no versions: no versioned worker has polled yet)'] : []),
    '',
  ].join('\n');
}
