import type { StepView } from '../../ports/store.js';
import type { ThemeModel } from '../model.js';
import { duration } from '../format-time.js';
import { html, type SafeHtml } from './safe-html.js';

const INTERVIEWS = '#1f5fbf';
const PARTICIPANTS = '#7fa7e0';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Theme prevalence as inline SVG: two bars per theme (interviews, participants). The numbers are
 * also in each theme's summary, so the chart is a picture of text that is on the page anyway.
 */
export function themeChart(themes: ThemeModel[], opts: { max?: number } = {}): SafeHtml {
  const shown = themes.slice(0, opts.max ?? 15);
  if (!shown.length) return html``;
  const top = Math.max(1, ...shown.map((t) => Math.max(t.interviews, t.participants)));
  const labelW = 260, barW = 300, row = 30, width = labelW + barW + 50;
  const height = shown.length * row + 6;
  const rows = shown.map((t, i) => {
    const y = i * row + 4;
    const w1 = (t.interviews / top) * barW, w2 = (t.participants / top) * barW;
    return html`<g>
<title>${t.name}: ${t.interviews} interview(s), ${t.participants} participant(s)</title>
<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="13" fill="#1d2330">${clip(t.name, 34)}</text>
<rect x="${labelW}" y="${y + 3}" width="${w1.toFixed(1)}" height="10" fill="${INTERVIEWS}"></rect>
<rect x="${labelW}" y="${y + 14}" width="${w2.toFixed(1)}" height="10" fill="${PARTICIPANTS}"></rect>
<text x="${labelW + Math.max(w1, w2) + 6}" y="${y + 19}" font-size="12" fill="#4d5566">${t.interviews} / ${t.participants}</text>
</g>`;
  });
  return html`<figure>
<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="theme-chart-title">
<title id="theme-chart-title">Themes by prevalence: interviews and participants per theme</title>
${rows}
</svg>
<figcaption class="legend"><span style="--swatch:${INTERVIEWS}">interviews</span><span style="--swatch:${PARTICIPANTS}">participants</span></figcaption>
</figure>`;
}

const STEP_COLOR: Record<string, string> = { completed: '#1d7a46', failed: '#b42318', running: '#c27803', pending: '#8a93a6' };

/**
 * The run timeline: one bar per step and run from its start to its end (a Gantt chart), with
 * the same figures in a table below (start offset, duration, attempts, cost, error).
 */
export function runTimeline(steps: StepView[], now = Date.now()): SafeHtml {
  const timed = steps.filter((s) => s.startedAt);
  if (!timed.length) return html`<p class="muted">No step has started yet.</p>`;
  const t0 = Math.min(...timed.map((s) => Date.parse(s.startedAt!)));
  const end = (s: StepView) => (s.finishedAt ? Date.parse(s.finishedAt) : now);
  const span = Math.max(1, Math.max(...timed.map(end)) - t0);
  const labelW = 120, barW = 440, row = 24, width = labelW + barW + 90;
  const bars = timed.map((s, i) => {
    const x = labelW + ((Date.parse(s.startedAt!) - t0) / span) * barW;
    const w = Math.max(2, ((end(s) - Date.parse(s.startedAt!)) / span) * barW);
    const y = i * row + 4;
    const ms = s.durationMs ?? end(s) - Date.parse(s.startedAt!);
    return html`<g>
<title>${s.step} (run ${s.runNo}): ${s.status}, ${duration(ms)}, ${s.attempts} attempt(s)${s.costUsd ? `, $${s.costUsd.toFixed(4)}` : ''}${s.error ? `, error: ${s.error}` : ''}</title>
<text x="${labelW - 8}" y="${y + 13}" text-anchor="end" font-size="12" fill="#1d2330">${s.step} r${s.runNo}</text>
<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="14" rx="2" fill="${STEP_COLOR[s.status] ?? '#8a93a6'}"></rect>
<text x="${(x + w + 5).toFixed(1)}" y="${y + 13}" font-size="11" fill="#4d5566">${duration(ms)}</text>
</g>`;
  });
  const rows = steps.map((s) => html`<tr>
<td>${s.step}</td><td>${s.runNo}</td><td>${s.status}</td>
<td>${s.startedAt ? `+${duration(Date.parse(s.startedAt) - t0)}` : '—'}</td>
<td>${s.durationMs !== null ? duration(s.durationMs) : '—'}</td><td>${s.attempts}</td>
<td>${s.costUsd ? `$${s.costUsd.toFixed(4)}` : '—'}</td><td>${s.error ?? ''}</td></tr>`);
  return html`<figure>
<svg class="chart" viewBox="0 0 ${width} ${timed.length * row + 8}" role="img" aria-labelledby="timeline-title">
<title id="timeline-title">Run timeline: when each step started and how long it took (${duration(span)} in all)</title>
${bars}
</svg>
</figure>
<div class="table-wrap"><table>
<caption class="muted">Steps of every run: start (from the first step), duration, attempts, cost, error</caption>
<thead><tr><th scope="col">step</th><th scope="col">run</th><th scope="col">status</th><th scope="col">start</th><th scope="col">duration</th><th scope="col">attempts</th><th scope="col">cost</th><th scope="col">error</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}
