import { Resvg } from '@resvg/resvg-js';

export interface Series {
  label: string;
  color: string;
  /** One value per second. */
  values: number[];
}

/**
 * Mean over the `window` seconds ending at each second. A fan-out page stamps its thousands of
 * notices with one transaction time, so raw per-second counts jump between a page and nothing.
 */
export function movingAverage(values: number[], window: number): number[] {
  let sum = 0;
  return values.map((v, i) => {
    sum += v - (i >= window ? values[i - window] : 0);
    return sum / Math.min(i + 1, window);
  });
}

const W = 1000;
const H = 520;
const PAD = { left: 80, right: 30, top: 50, bottom: 90 };

/** A "nice" step (1, 2 or 5 × 10^k) for about `ticks` grid lines up to `max`. */
function niceStep(max: number, ticks: number): number {
  const raw = Math.max(max, 1) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
}

const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toLocaleString('en', { maximumFractionDigits: 1 })}k` : String(n));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A line chart of per-second rates as SVG. */
export function lineChartSvg(title: string, series: Series[], xLabel: string, yLabel: string): string {
  const seconds = Math.max(1, ...series.map((s) => s.values.length));
  const yMax = Math.max(1, ...series.flatMap((s) => s.values));
  const yStep = niceStep(yMax, 6);
  const yTop = Math.ceil(yMax / yStep) * yStep;
  const xStep = niceStep(seconds, 10);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (s: number) => PAD.left + (s / seconds) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / yTop) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, Liberation Sans, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="30" font-size="18" text-anchor="middle" fill="#222">${esc(title)}</text>`,
  ];
  for (let v = 0; v <= yTop; v += yStep) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#555">${fmt(v)}</text>`);
  }
  for (let s = 0; s <= seconds; s += xStep) {
    parts.push(`<line x1="${x(s)}" x2="${x(s)}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 5}" stroke="#555"/>`);
    parts.push(`<text x="${x(s)}" y="${PAD.top + plotH + 20}" font-size="12" text-anchor="middle" fill="#555">${s}</text>`);
  }
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${H - 45}" font-size="13" text-anchor="middle" fill="#333">${esc(xLabel)}</text>`);
  parts.push(`<text transform="translate(20 ${PAD.top + plotH / 2}) rotate(-90)" font-size="13" text-anchor="middle" fill="#333">${esc(yLabel)}</text>`);
  for (const s of series) {
    if (s.values.length === 0) continue;
    const points = s.values.map((v, i) => `${x(i + 0.5).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  }
  series.forEach((s, i) => {
    const lx = PAD.left + i * 260;
    parts.push(`<line x1="${lx}" x2="${lx + 28}" y1="${H - 18}" y2="${H - 18}" stroke="${s.color}" stroke-width="3"/>`);
    parts.push(`<text x="${lx + 36}" y="${H - 14}" font-size="13" fill="#333">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders SVG to PNG with resvg (no browser, no native build: the binary ships in the npm package). */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
}
