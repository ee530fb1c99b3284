import type { StoredEvidence, Utterance } from '../../domain/analysis.js';
import type { AnalysisJobView, InterviewReport } from '../../ports/store.js';
import type { Quote } from '../model.js';
import { duration } from '../format-time.js';
import { runTimeline } from './charts.js';
import { page } from './layout.js';
import { quoteBlock, statusBadge, timestamp } from './quote.js';
import { html, type SafeHtml } from './safe-html.js';

export interface InterviewPageInput {
  report: InterviewReport;
  utterances: Utterance[];
  job: AnalysisJobView | null;
  /** The recording (served with range requests), or null. */
  mediaHref: string | null;
  /** Back to the project report, or null in a standalone file. */
  projectHref: string | null;
}

/**
 * An utterance's text with each evidence quote of it marked (<mark id="e-...">), escaped piece by
 * piece. A quote not found verbatim (normalised away) marks the whole turn instead.
 */
function highlighted(u: Utterance, units: StoredEvidence[]): SafeHtml {
  const spans: { from: number; to: number; id: string }[] = [];
  const lower = u.text.toLowerCase();
  for (const e of units) {
    const at = lower.indexOf(e.verbatim.toLowerCase());
    if (at >= 0) spans.push({ from: at, to: at + e.verbatim.length, id: e.id });
  }
  spans.sort((a, b) => a.from - b.from);
  if (units.length && !spans.length) return html`<mark id="e-${units[0]!.id}">${u.text}</mark>`;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.from < at) continue; // overlapping quote: the first one keeps the mark
    parts.push(html`${u.text.slice(at, s.from)}<mark id="e-${s.id}">${u.text.slice(s.from, s.to)}</mark>`);
    at = s.to;
  }
  parts.push(html`${u.text.slice(at)}`);
  return html`${parts}`;
}

export function renderInterviewReport(input: InterviewPageInput): string {
  const { report: r, utterances, job, mediaHref } = input;
  const title = r.title || 'Interview';
  const byId = new Map(r.evidence.map((e) => [e.id, e]));
  const names = new Map(r.people.map((p) => [p.speaker, p.name]));
  const quote = (e: StoredEvidence): Quote => ({
    evidenceId: e.id, verbatim: e.verbatim, speaker: names.get(e.speaker) ?? e.speaker,
    interviewId: r.id, interviewTitle: title, startMs: e.startMs, endMs: e.endMs, mediaHref,
    interviewHref: '', // same page: the anchor alone
  });
  const quotes = (ids: string[], max = 4) => ids.map((id) => byId.get(id)).filter((e): e is StoredEvidence => !!e).slice(0, max).map(quote);
  const byUtterance = new Map<string, StoredEvidence[]>();
  for (const e of r.evidence) byUtterance.set(e.utteranceId, [...(byUtterance.get(e.utteranceId) ?? []), e]);

  const answers = r.answers.length
    ? r.answers.map((a, i) => html`<section class="question"><h3>Q${i + 1}. ${a.question}${statusBadge(a.status)}</h3>
<p>${a.answer || html`<span class="muted">no answer in this interview</span>`}</p>${quotes(a.evidenceIds).map(quoteBlock)}</section>`)
    : html`<p class="muted">No research questions for this interview.</p>`;
  const themes = r.insights.length
    ? r.insights.map((t) => html`<details class="theme"><summary>${t.name} <span class="counts">— ${t.evidence.length} quote${t.evidence.length === 1 ? '' : 's'}</span></summary>
<p>${t.statement}</p>${quotes(t.evidence.map((e) => e.evidenceId), 12).map(quoteBlock)}</details>`)
    : html`<p class="muted">No themes yet.</p>`;
  const transcript = utterances.map((u) => html`<p id="${u.id}" class="${u.role}">
<span class="speaker">${names.get(u.speaker) ?? u.speaker}</span> ${timestamp(r.id, title, u.startMs, mediaHref)}<br>
${highlighted(u, byUtterance.get(u.id) ?? [])}</p>`);

  const body = html`<header class="top">
<p class="meta">${input.projectHref ? html`<a href="${input.projectHref}">Project report</a> · ` : ''}Interview${statusBadge(r.status)}${r.durationMs ? ` · ${duration(r.durationMs)}` : ''} · ${r.evidence.length} quotes</p>
<h1>${title}</h1>
<p class="meta">Participants: ${r.people.filter((p) => p.role === 'participant').map((p) => p.name).join(', ') || '—'}</p>
${r.summary ? html`<p>${r.summary}</p>` : ''}
<nav class="toc" aria-label="Sections"><a href="#answers">Answers</a><a href="#themes">Themes</a><a href="#transcript">Transcript</a><a href="#timeline">Run timeline</a></nav>
</header>
<section id="answers" aria-labelledby="answers-h"><h2 id="answers-h">Research questions</h2>${answers}</section>
<section id="themes" aria-labelledby="themes-h"><h2 id="themes-h">Themes in this interview</h2>${themes}</section>
<section id="transcript" class="transcript" aria-labelledby="transcript-h"><h2 id="transcript-h">Transcript</h2>
<p class="meta">Highlighted: the quotes taken as evidence.</p>${transcript}</section>
<section id="timeline" aria-labelledby="timeline-h"><h2 id="timeline-h">Run timeline</h2>
${job ? html`<p class="meta">Analysis job ${job.id}: ${job.status}, run ${job.currentRun}${job.usage.costUsd ? `, $${job.usage.costUsd.toFixed(4)}` : ''}${job.error ? `, error: ${job.error}` : ''}</p>${runTimeline(job.steps)}` : html`<p class="muted">No analysis job.</p>`}
</section>`;
  return page({ title: `${title} — interview report`, body });
}
