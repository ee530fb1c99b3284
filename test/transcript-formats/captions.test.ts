import { parse as libraryParse } from '@plussub/srt-vtt-parser';
import { describe, expect, it } from 'vitest';
import { scanCues } from '../../src/transcript-formats/captions.js';
import { parseTranscript } from '../../src/transcript-formats/index.js';
import { parseErrorOf } from './errors.js';

const VTT = `WEBVTT - interview 7

NOTE recorded on a phone,
speaker names added by hand

STYLE
::cue { color: white }

1
00:00:00.500 --> 00:00:03.000
<v Interviewer>What do you make?</v>

2
00:00:03.200 --> 00:00:06.000 align:start position:10%
<v.loud Maria>I make ceramics,
mostly bowls.</v>

footnote-3
00:00:06.000 --> 00:00:08.250
<v Maria>And <i>some</i> mugs &amp; plates.

00:07.900 --> 00:10.000
<v Interviewer>Why ceramics?`;

describe('WebVTT', () => {
  it('voice tags give speakers; same-speaker cues merge; NOTE/STYLE/ids/settings/tags are handled', () => {
    const r = parseTranscript(VTT);
    expect(r.format).toBe('vtt');
    expect(r.utterances).toEqual([
      { speaker: 'Interviewer', text: 'What do you make?', startMs: 500, endMs: 3000 },
      { speaker: 'Maria', text: 'I make ceramics, mostly bowls. And some mugs & plates.', startMs: 3200, endMs: 8250 },
      { speaker: 'Interviewer', text: 'Why ceramics?', startMs: 7900, endMs: 10_000 },
    ]);
  });

  it('BOM + CRLF + missing final newline parse identically', () => {
    const expected = parseTranscript(VTT).utterances;
    expect(parseTranscript('\uFEFF' + VTT.replace(/\n/g, '\r\n')).utterances).toEqual(expected);
    expect(parseTranscript(VTT + '\n\n').utterances).toEqual(expected);
  });

  it('overlapping and out-of-order cues are ordered by start time, keeping their own times', () => {
    const r = parseTranscript(
      'WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Bo>I think so too.\n\n00:00:01.000 --> 00:00:06.000\n<v Al>Do you agree that it works?\n',
    );
    expect(r.utterances.map((u) => [u.speaker, u.startMs, u.endMs])).toEqual([
      ['Al', 1000, 6000],
      ['Bo', 5000, 9000],
    ]);
  });

  it('two voices in one cue become two utterances', () => {
    const r = parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Al>Ready?</v>\n<v Bo>Yes.</v>');
    expect(r.utterances.map((u) => `${u.speaker}:${u.text}`)).toEqual(['Al:Ready?', 'Bo:Yes.']);
  });

  it('errors name the line', () => {
    const header = parseErrorOf(() => parseTranscript('WEBVTX\n\n00:00:01.000 --> 00:00:02.000\n<v A>x', { format: 'vtt' }));
    expect(header.line).toBe(1);
    const badTime = parseErrorOf(() => parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>x\n\n00:00:0x.000 --> 00:00:05.000\n<v A>y'));
    expect(badTime.line).toBe(6);
    expect(badTime.message).toMatch(/line 6: malformed cue timing/);
    const backwards = parseErrorOf(() => parseTranscript('WEBVTT\n\n1\n00:00:05.000 --> 00:00:02.000\n<v A>x'));
    expect(backwards.line).toBe(4);
    const noSpeakers = parseErrorOf(() => parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\njust words'));
    expect(noSpeakers.message).toMatch(/name no speakers/);
    expect(parseErrorOf(() => parseTranscript('WEBVTT\n')).message).toMatch(/no cues/);
  });
});

const SRT = `1
00:00:01,000 --> 00:00:04,000
INTERVIEWER: How long have you been writing?

2
00:00:04,500 --> 00:00:07,000
Sam: About ten years.

3
00:00:06,800 --> 00:00:09,000
Mostly short stories.

4
00:00:09,500 --> 00:00:11,000
<i>INTERVIEWER: Why short ones?</i>`;

describe('SRT', () => {
  it('speaker from a Name: prefix, unlabelled cues continue the speaker, overlaps merge', () => {
    const r = parseTranscript(SRT);
    expect(r.format).toBe('srt');
    expect(r.utterances).toEqual([
      { speaker: 'INTERVIEWER', text: 'How long have you been writing?', startMs: 1000, endMs: 4000 },
      { speaker: 'Sam', text: 'About ten years. Mostly short stories.', startMs: 4500, endMs: 9000 },
      { speaker: 'INTERVIEWER', text: 'Why short ones?', startMs: 9500, endMs: 11_000 },
    ]);
  });

  it('BOM + CRLF + trailing blank lines + filename detection', () => {
    const expected = parseTranscript(SRT).utterances;
    expect(parseTranscript('\uFEFF' + SRT.replace(/\n/g, '\r\n') + '\r\n\r\n', { filename: 'talk.SRT' }).utterances).toEqual(expected);
  });

  it('a malformed block names its line', () => {
    const e = parseErrorOf(() => parseTranscript('1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\nnot a timing\nB: x', { format: 'srt' }));
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/expected a cue timing line/);
  });

  it('agrees with @plussub/srt-vtt-parser on well-formed files (cue times and text)', () => {
    for (const [raw, kind] of [[SRT, 'srt'], ['WEBVTT\n\n' + SRT.replace(/,/g, '.').replace(/^\d+\n/gm, ''), 'vtt']] as const) {
      const ours = scanCues(raw, kind).map((c) => ({ from: c.startMs, to: c.endMs, text: c.text }));
      const theirs = libraryParse(raw).entries.map((e: { from: number; to: number; text: string }) => ({ from: e.from, to: e.to, text: e.text }));
      expect(ours).toEqual(theirs);
      expect(ours).toHaveLength(4);
    }
  });
});
