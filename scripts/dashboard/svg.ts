// Draws the dashboard's panel grid as SVG, Grafana's dark theme, from evaluated series.
import type { DashboardPanel } from './dashboard.js';

export interface Series {
  readonly legend: string;
  /** [seconds since the first scrape, value] */
  readonly points: readonly (readonly [number, number])[];
}
export interface RenderedPanel {
  readonly panel: DashboardPanel;
  readonly series: readonly Series[];
}

const WIDTH = 1800;
const COLUMN = WIDTH / 24;
const ROW = 30;
const HEADER = 56;
const GAP = 6;
const PALETTE = [
  '#73BF69',
  '#F2CC0C',
  '#8AB8FF',
  '#FF780A',
  '#F2495C',
  '#5794F2',
  '#B877D9',
  '#FF9830',
  '#96D98D',
  '#CA95E5',
];
const STATUS_COLORS: Record<string, string> = {
  Succeeded: '#73BF69',
  Failed: '#F2495C',
  RolledBack: '#FF9830',
  RollbackFailed: '#B877D9',
  Cancelled: '#8E8E8E',
  failed: '#F2495C',
  run: '#8AB8FF',
};
const FONT = "font-family='DejaVu Sans'";

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A value as Grafana shows it in `unit`. */
export function formatValue(value: number, unit: string | undefined): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'percentunit')
    return `${(value * 100).toFixed(value >= 0.995 || value === 0 ? 0 : 1)}%`;
  if (unit === 's') {
    if (value === 0) return '0 s';
    if (value < 1) return `${Math.round(value * 1000)} ms`;
    if (value < 120) return `${Number(value.toFixed(value < 10 ? 2 : 1))} s`;
    return `${Number((value / 60).toFixed(1))} min`;
  }
  if (Math.abs(value) >= 1000) return `${Number((value / 1000).toFixed(1))}K`;
  return `${Number(value.toFixed(2))}`;
}

function box(panel: DashboardPanel) {
  const { x, y, w, h } = panel.gridPos;
  return {
    left: x * COLUMN + GAP,
    top: HEADER + y * ROW + GAP,
    width: w * COLUMN - 2 * GAP,
    height: h * ROW - 2 * GAP,
  };
}

function colorFor(legend: string, index: number): string {
  const word = legend.split(' ').at(-1) ?? legend;
  return (
    STATUS_COLORS[legend] ?? STATUS_COLORS[word] ?? PALETTE[index % PALETTE.length] ?? '#8AB8FF'
  );
}

function frame(panel: DashboardPanel, inner: string): string {
  const b = box(panel);
  return `<g transform="translate(${b.left},${b.top})">
<rect width="${b.width}" height="${b.height}" rx="3" fill="#181b1f" stroke="#2c3235"/>
<text x="10" y="20" ${FONT} font-size="14" font-weight="bold" fill="#ccccdc">${xml(panel.title)}</text>
${inner}
</g>`;
}

function timeseries(rendered: RenderedPanel, span: number, clock: (t: number) => string): string {
  const { panel, series } = rendered;
  const b = box(panel);
  const unit = panel.fieldConfig?.defaults?.unit;
  const shown = series.filter((s) => s.points.length > 0);
  const legendRows = Math.max(1, Math.ceil(shown.length / Math.max(1, Math.floor(b.width / 260))));
  const plot = {
    left: 70,
    top: 34,
    width: b.width - 84,
    height: b.height - 34 - 26 - legendRows * 17,
  };
  const max = Math.max(0, ...shown.flatMap((s) => s.points.map(([, v]) => v)));
  const top = max === 0 ? 1 : max * 1.15;
  const xOf = (t: number) => plot.left + (span === 0 ? 0 : (t / span) * plot.width);
  const yOf = (v: number) => plot.top + plot.height - (v / top) * plot.height;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i += 1) {
    const v = (top * i) / 4;
    const y = yOf(v);
    parts.push(
      `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${y}" y2="${y}" stroke="#2c3235"/>`,
    );
    parts.push(
      `<text x="${plot.left - 6}" y="${y + 4}" ${FONT} font-size="11" fill="#8e8e8e" text-anchor="end">${xml(formatValue(v, unit))}</text>`,
    );
  }
  for (let i = 0; i <= 4; i += 1) {
    const t = (span * i) / 4;
    parts.push(
      `<text x="${xOf(t)}" y="${plot.top + plot.height + 15}" ${FONT} font-size="11" fill="#8e8e8e" text-anchor="middle">${clock(t)}</text>`,
    );
  }
  if (shown.length === 0) {
    parts.push(
      `<text x="${b.width / 2}" y="${b.height / 2}" ${FONT} font-size="14" fill="#8e8e8e" text-anchor="middle">No data</text>`,
    );
  }
  const perRow = Math.max(1, Math.floor(b.width / 260));
  shown.forEach((s, index) => {
    const color = colorFor(s.legend, index);
    const path = s.points
      .map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${xOf(t).toFixed(1)},${yOf(v).toFixed(1)}`)
      .join(' ');
    const first = s.points[0];
    const last = s.points.at(-1);
    if (first !== undefined && last !== undefined) {
      const area = `${path} L${xOf(last[0]).toFixed(1)},${yOf(0)} L${xOf(first[0]).toFixed(1)},${yOf(0)} Z`;
      parts.push(`<path d="${area}" fill="${color}" fill-opacity="0.08" stroke="none"/>`);
    }
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const lx = 12 + (index % perRow) * 260;
    const ly = plot.top + plot.height + 32 + Math.floor(index / perRow) * 17;
    parts.push(`<rect x="${lx}" y="${ly - 4}" width="14" height="4" fill="${color}"/>`);
    parts.push(
      `<text x="${lx + 20}" y="${ly}" ${FONT} font-size="11" fill="#ccccdc">${xml(s.legend.slice(0, 40))}</text>`,
    );
  });
  return frame(panel, parts.join('\n'));
}

function stat(rendered: RenderedPanel): string {
  const { panel, series } = rendered;
  const b = box(panel);
  const unit = panel.fieldConfig?.defaults?.unit;
  const value = series[0]?.points.at(-1)?.[1];
  const color =
    value === undefined
      ? '#8e8e8e'
      : value >= 0.95
        ? '#73BF69'
        : value >= 0.8
          ? '#FF9830'
          : '#F2495C';
  const text = value === undefined ? 'No data' : formatValue(value, unit);
  return frame(
    panel,
    `<text x="${b.width / 2}" y="${b.height / 2 + 28}" ${FONT} font-size="72" font-weight="bold" fill="${color}" text-anchor="middle">${xml(text)}</text>
<text x="${b.width / 2}" y="${b.height - 18}" ${FONT} font-size="12" fill="#8e8e8e" text-anchor="middle">runs finished in the time range that Succeeded</text>`,
  );
}

function row(panel: DashboardPanel): string {
  const b = box(panel);
  return `<text x="${b.left + 4}" y="${b.top + 14}" ${FONT} font-size="16" font-weight="bold" fill="#ccccdc">${xml(panel.title)}</text>`;
}

/** The whole dashboard: title bar, rows and panels at their grid positions. */
export function renderDashboardSvg(
  title: string,
  subtitle: string,
  panels: readonly RenderedPanel[],
  span: number,
  clock: (t: number) => string,
): string {
  const bottom = Math.max(...panels.map(({ panel }) => panel.gridPos.y + panel.gridPos.h));
  const height = HEADER + bottom * ROW + GAP;
  const body = panels.map((rendered) => {
    if (rendered.panel.type === 'row') return row(rendered.panel);
    if (rendered.panel.type === 'stat') return stat(rendered);
    return timeseries(rendered, span, clock);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
<rect width="${WIDTH}" height="${height}" fill="#111217"/>
<text x="${GAP + 4}" y="30" ${FONT} font-size="20" font-weight="bold" fill="#ccccdc">${xml(title)}</text>
<text x="${GAP + 4}" y="48" ${FONT} font-size="12" fill="#8e8e8e">${xml(subtitle)}</text>
${body.join('\n')}
</svg>
`;
}
