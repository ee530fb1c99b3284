import type { PersonaPoint, ReportModel } from '../model.js';
import { duration } from '../format-time.js';
import { themeChart } from './charts.js';
import { page } from './layout.js';
import { quoteBlock, statusBadge } from './quote.js';
import { html, type SafeHtml } from './safe-html.js';

function point(p: PersonaPoint): SafeHtml {
  return p.quote ? quoteBlock({ ...p.quote, verbatim: p.text }) : html`<figure class="quote"><blockquote>“${p.text}”</blockquote></figure>`;
}

/**
 * The researcher's report for a project: research questions and their answers first, then
 * themes by prevalence (each opening to its quotes), personas, and the interviews.
 */
export function renderProjectReport(m: ReportModel): string {
  const questions = m.questions.length
    ? m.questions.map((q, i) => html`<section class="question" id="q-${q.id}" aria-labelledby="q-${q.id}-h">
<h3 id="q-${q.id}-h">Q${i + 1}. ${q.text}</h3>
<p class="summary">${q.summary}</p>
${q.basis === 'synthesis' ? html`<p class="meta">Study-level answer${statusBadge(q.status)} · ${q.coverage ?? ''}</p>` : ''}
${q.parts.map((p) => html`<div class="part">
${p.text || q.basis === 'per-interview' ? html`<p>${p.label ? html`<strong>${p.label}</strong>${statusBadge(p.status)}: ` : ''}${p.text || html`<span class="muted">no answer in this interview</span>`}</p>` : ''}
${p.quotes.map(quoteBlock)}
</div>`)}
</section>`)
    : html`<p class="muted">No research questions were given. Pass <code>--questions FILE</code> (or <code>questions</code> in the API) to have them answered.</p>`;

  const themes = m.themes.length
    ? html`${themeChart(m.themes)}
${m.themes.map((t) => html`<details class="theme" id="t-${t.id}">
<summary>${t.name} <span class="counts">— ${t.interviews} interview${t.interviews === 1 ? '' : 's'}, ${t.participants} participant${t.participants === 1 ? '' : 's'}, ${t.quotes.length} quote${t.quotes.length === 1 ? '' : 's'}</span></summary>
<p>${t.statement}</p>
${t.quotes.map(quoteBlock)}
</details>`)}`
    : html`<p class="muted">No themes yet.</p>`;

  const personas = m.personas.length
    ? html`<div class="personas">${m.personas.map((p) => html`<article class="persona" id="p-${p.id}" aria-labelledby="p-${p.id}-h">
<h3 id="p-${p.id}-h">${p.name}</h3>
<p>${p.description}</p>
<p class="meta">Members: ${p.members.map((mb, i) => html`${i ? ', ' : ''}${mb.reason ? html`<span title="${mb.reason}">${mb.name}</span>` : mb.name} (${mb.interviewHref ? html`<a href="${mb.interviewHref}">${mb.interviewTitle}</a>` : mb.interviewTitle})`)}</p>
${p.goals.length ? html`<h4>Goals</h4>${p.goals.map(point)}` : ''}
${p.pains.length ? html`<h4>Pains</h4>${p.pains.map(point)}` : ''}
${!p.goals.length && !p.pains.length ? p.members.flatMap((mb) => mb.quotes.slice(0, 1)).map(quoteBlock) : ''}
</article>`)}</div>`
    : html`<p class="muted">No personas yet.</p>`;

  const interviews = html`<div class="table-wrap"><table>
<caption class="muted">Every interview of the project</caption>
<thead><tr><th scope="col">interview</th><th scope="col">status</th><th scope="col">participants</th><th scope="col">length</th></tr></thead>
<tbody>${m.interviews.map((i) => html`<tr>
<td>${i.href ? html`<a href="${i.href}">${i.title}</a>` : i.title}${i.hasMedia ? html` <span class="muted">(recording)</span>` : ''}</td>
<td>${statusBadge(i.status)}</td><td>${i.participants.join(', ')}</td><td>${i.durationMs ? duration(i.durationMs) : '—'}</td></tr>`)}</tbody>
</table></div>`;

  const body = html`<header class="top">
<p class="meta">Research report · ${m.interviewCount} interview${m.interviewCount === 1 ? '' : 's'} · ${m.participantCount} participant${m.participantCount === 1 ? '' : 's'} · generated ${m.generatedAt.slice(0, 16).replace('T', ' ')} UTC</p>
<h1>${m.title}</h1>
<nav class="toc" aria-label="Sections"><a href="#questions">Research questions</a><a href="#themes">Themes</a><a href="#personas">Personas</a><a href="#interviews">Interviews</a></nav>
</header>
<section id="questions" aria-labelledby="questions-h"><h2 id="questions-h">Research questions</h2>
<p class="meta">${m.basis === 'synthesis'
    ? 'Each question with its study-level answer from the latest synthesis across all interviews, and the quotes it cites.'
    : 'Each question with every interview\'s answer and the quotes it cites (no study-level synthesis yet).'}</p>
${questions}</section>
<section id="themes" aria-labelledby="themes-h"><h2 id="themes-h">Themes by prevalence</h2>${themes}</section>
<section id="personas" aria-labelledby="personas-h"><h2 id="personas-h">Personas</h2>${personas}</section>
<section id="interviews" aria-labelledby="interviews-h"><h2 id="interviews-h">Interviews</h2>${interviews}</section>`;
  return page({ title: `${m.title} — research report`, body });
}
