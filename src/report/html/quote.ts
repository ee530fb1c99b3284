import type { Quote } from '../model.js';
import { clock } from '../format-time.js';
import { html, type SafeHtml } from './safe-html.js';

/** A timestamp that plays the recording from that moment, or plain text when there is none. */
export function timestamp(interviewId: string, label: string, startMs: number, mediaHref: string | null): SafeHtml {
  const t = clock(startMs);
  if (!mediaHref) return html`<span class="ts">${t}</span>`;
  const seconds = (startMs / 1000).toFixed(2);
  return html`<a class="play" href="${mediaHref}#t=${seconds}" data-media="${mediaHref}" data-start="${seconds}"
    data-interview="${interviewId}" data-label="${label} at ${t}" aria-label="Play ${label} from ${t}">▶ ${t}</a>`;
}

export function quoteBlock(q: Quote): SafeHtml {
  const where = q.interviewHref
    ? html`<a href="${q.interviewHref}#e-${q.evidenceId}">${q.interviewTitle}</a>`
    : html`${q.interviewTitle}`;
  return html`<figure class="quote" data-evidence="${q.evidenceId}">
<blockquote>“${q.verbatim}”</blockquote>
<figcaption>— ${q.speaker}, ${where}, ${timestamp(q.interviewId, q.interviewTitle, q.startMs, q.mediaHref)}</figcaption>
</figure>`;
}

export function statusBadge(status: string | null): SafeHtml {
  if (!status) return html``;
  return html`<span class="badge ${status.replace(/[\s_]+/g, '-')}">${status.replace(/_/g, ' ')}</span>`;
}
