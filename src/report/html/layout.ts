import { createHash } from 'node:crypto';
import { html, raw, type SafeHtml } from './safe-html.js';

/**
 * The page shell shared by the project and interview reports: one self-contained document (inline
 * CSS, a few lines of inline script, no external asset), readable from a phone to a laptop.
 */
const CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #4d5566; --line: #d8dce4; --accent: #1f5fbf;
  --bg: #ffffff; --soft: #f4f6fa; --mark: #fff1a8; --ok: #1d7a46; --warn: #9a5b00; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 6rem; }
header.top { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
.meta, .muted { color: var(--muted); font-size: .92rem; }
nav.toc { display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .95rem; }
section.question { background: var(--soft); border-radius: .5rem; padding: .8rem 1rem; margin: 1rem 0; }
.summary { font-weight: 600; margin: .2rem 0 .6rem; }
.part { margin: .8rem 0; }
.part p { margin: .3rem 0; }
.badge { display: inline-block; font-size: .8rem; padding: 0 .45rem; border-radius: .8rem; border: 1px solid currentColor; margin-left: .3rem; white-space: nowrap; }
.badge.answered, .badge.completed, .badge.ready { color: var(--ok); }
.badge.partially-answered, .badge.running, .badge.processing { color: var(--warn); }
.badge.failed, .badge.not-addressed { color: var(--bad); }
figure.quote { margin: .5rem 0 .7rem; padding: .1rem 0 .1rem .8rem; border-left: 3px solid var(--accent); }
figure.quote blockquote { margin: 0; font-style: italic; }
figure.quote figcaption { color: var(--muted); font-size: .88rem; }
a.play { text-decoration: none; font-weight: 600; white-space: nowrap; }
a.play:hover, a.play:focus { text-decoration: underline; }
details.theme { border: 1px solid var(--line); border-radius: .5rem; margin: .6rem 0; padding: .4rem .8rem; }
details.theme > summary { cursor: pointer; font-weight: 600; }
details.theme > summary .counts { font-weight: 400; color: var(--muted); font-size: .9rem; }
.chart { width: 100%; height: auto; max-width: 100%; }
.legend { font-size: .85rem; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .8em; vertical-align: -.05em; background: var(--swatch); }
.personas { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 1rem; }
.persona { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem 1rem; }
.persona h3 { margin-top: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.table-wrap { overflow-x: auto; }
.transcript p { margin: .5rem 0; }
.transcript .speaker { font-weight: 600; }
.transcript .interviewer { color: var(--muted); }
mark { background: var(--mark); color: inherit; padding: 0 .1em; }
#player { position: fixed; left: 0; right: 0; bottom: 0; background: var(--soft); border-top: 1px solid var(--line); padding: .5rem 1rem; }
#player[hidden] { display: none; }
#player .inner { max-width: 60rem; margin: 0 auto; display: flex; flex-wrap: wrap; align-items: center; gap: .3rem 1rem; }
#player audio { width: 100%; max-width: 36rem; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: .6rem .7rem 7rem; } h1 { font-size: 1.35rem; } }
@media print { #player { display: none; } details.theme { break-inside: avoid; } }
`;

/**
 * Progressive enhancement: a timestamp is a plain link to the recording at `#t=<seconds>` (a media
 * fragment, which works without script); with script it plays in the page's player instead.
 */
const PLAYER_SCRIPT = `
document.addEventListener('click', function (ev) {
  var a = ev.target.closest && ev.target.closest('a.play[data-start]');
  if (!a) return;
  ev.preventDefault();
  var player = document.getElementById('player');
  var audio = document.getElementById('player-audio');
  var src = a.getAttribute('data-media');
  if (audio.getAttribute('data-src') !== src) { audio.src = src; audio.setAttribute('data-src', src); }
  player.hidden = false;
  document.getElementById('player-label').textContent = a.getAttribute('data-label');
  var start = Number(a.getAttribute('data-start'));
  var seek = function () { audio.currentTime = start; var p = audio.play(); if (p && p.catch) p.catch(function () {}); };
  if (audio.readyState >= 1) seek(); else audio.addEventListener('loadedmetadata', seek, { once: true });
});
`;

/**
 * Content-Security-Policy for a served report: nothing external, the one inline script by its
 * hash, recordings from this server (or a recording's own https URL).
 */
export const REPORT_CSP = [
  "default-src 'none'", "style-src 'unsafe-inline'", "img-src 'self' data:", "media-src 'self' https:",
  `script-src 'sha256-${createHash('sha256').update(PLAYER_SCRIPT).digest('base64')}'`,
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

export function page(opts: { title: string; body: SafeHtml; lang?: string }): string {
  return '<!doctype html>\n' + html`<html lang="${opts.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="interview-flow">
<title>${opts.title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<main>
${opts.body}
</main>
<div id="player" hidden role="region" aria-label="Recording player">
  <div class="inner"><span id="player-label" class="muted"></span><audio id="player-audio" controls preload="metadata"></audio></div>
</div>
<script>${raw(PLAYER_SCRIPT)}</script>
</body>
</html>
`.value;
}
