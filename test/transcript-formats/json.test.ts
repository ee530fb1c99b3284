import { describe, expect, it } from 'vitest';
import { parseTranscript, parseTranscriptJson } from '../../src/transcript-formats/index.js';
import { parseErrorOf } from './errors.js';

describe('our utterance JSON', () => {
  it('accepts an array with snake_case or camelCase times and words', () => {
    const r = parseTranscript(
      JSON.stringify([
        { speaker: 'Interviewer', text: 'Why?', start_ms: 0, end_ms: 900 },
        { speaker: 'Kim', text: ' Because. ', startMs: 1000.4, endMs: 2500, words: [{ text: 'Because.', start_ms: 1000, end_ms: 2400 }] },
      ]),
    );
    expect(r.format).toBe('json');
    expect(r.utterances).toEqual([
      { speaker: 'Interviewer', text: 'Why?', startMs: 0, endMs: 900 },
      { speaker: 'Kim', text: 'Because.', startMs: 1000, endMs: 2500, words: [{ text: 'Because.', startMs: 1000, endMs: 2400 }] },
    ]);
  });

  it('accepts { utterances: [...] } with a BOM and CRLF, without times', () => {
    const r = parseTranscript('\uFEFF{\r\n "utterances": [\r\n {"speaker":"A","text":"hi"}]}', { filename: 'x.json' });
    expect(r.utterances).toEqual([{ speaker: 'A', text: 'hi' }]);
  });

  it('already-parsed values (an API body) go through parseTranscriptJson', () => {
    expect(parseTranscriptJson([{ speaker: 'A', text: 'hi', end_ms: 5 }])).toEqual({ format: 'json', utterances: [{ speaker: 'A', text: 'hi', endMs: 5 }] });
    expect(() => parseTranscriptJson('nope')).toThrow(/array of utterances/);
  });

  it('names the line of a JSON syntax error and the utterance of a schema error', () => {
    const syntax = parseErrorOf(() => parseTranscript('[\n {"speaker":"A","text":"hi"},\n {"speaker": }\n]'));
    expect(syntax.line).toBe(3);
    const schema = parseErrorOf(() => parseTranscript('[{"speaker":"A","text":"hi"},{"text":"no speaker"}]'));
    expect(schema.message).toMatch(/utterance 1 field speaker/);
    const order = parseErrorOf(() => parseTranscript('[{"speaker":"A","text":"hi","start_ms":500,"end_ms":100}]'));
    expect(order.message).toMatch(/utterance 0: end/);
    expect(parseErrorOf(() => parseTranscript('{"foo": 1}')).message).toMatch(/array of utterances/);
    expect(parseErrorOf(() => parseTranscript('[]')).message).toMatch(/no utterance/);
    expect(parseErrorOf(() => parseTranscript('["just a string"]')).message).toMatch(/utterance 0/);
    expect(parseErrorOf(() => parseTranscript('[{"speaker":"A","text":"hi","start_ms":-5}]')).message).toMatch(/start_ms/);
  });
});

describe('AssemblyAI transcript JSON', () => {
  const aai = {
    id: '5551722-f677-48a4-9a51-5a0e2b2c2d77',
    status: 'completed',
    audio_url: 'https://example.com/a.mp3',
    text: 'How did it go? It went well.',
    utterances: [
      { speaker: 'A', start: 240, end: 1320, confidence: 0.9, text: 'How did it go?', words: [
        { text: 'How', start: 240, end: 400, confidence: 0.9, speaker: 'A' },
        { text: 'did', start: 400, end: 560, confidence: 0.9, speaker: 'A' },
        { text: 'it', start: 560, end: 700, confidence: 0.9, speaker: 'A' },
        { text: 'go?', start: 700, end: 1320, confidence: 0.9, speaker: 'A' },
      ] },
      { speaker: 'B', start: 1500, end: 2600, confidence: 0.9, text: 'It went well.', words: [] },
    ],
  };

  it('is detected from its shape and keeps ms timings and words', () => {
    const r = parseTranscript(JSON.stringify(aai, null, 2));
    expect(r.format).toBe('assemblyai');
    expect(r.utterances.map((u) => [u.speaker, u.startMs, u.endMs, u.text])).toEqual([
      ['Speaker A', 240, 1320, 'How did it go?'],
      ['Speaker B', 1500, 2600, 'It went well.'],
    ]);
    expect(r.utterances[0]!.words).toHaveLength(4);
    expect(r.utterances[0]!.words![3]).toEqual({ text: 'go?', startMs: 700, endMs: 1320 });
  });

  it('rejects a transcript that is not completed or has no utterances', () => {
    expect(parseErrorOf(() => parseTranscript(JSON.stringify({ ...aai, status: 'error', error: 'bad audio' }))).message).toMatch(/not completed.*bad audio/);
    expect(parseErrorOf(() => parseTranscript(JSON.stringify({ ...aai, utterances: null }))).message).toMatch(/speaker_labels/);
    expect(parseErrorOf(() => parseTranscript(JSON.stringify({ ...aai, utterances: [{ speaker: 'A', text: 'x' }] }), { format: 'assemblyai' })).message).toMatch(/utterances\.0\.start/);
  });
});
