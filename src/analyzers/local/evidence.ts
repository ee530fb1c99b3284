import type { ProposedEvidence } from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';
import { textView } from './cues.js';
import { tagFacets } from './facets.js';
import { gistOf } from './gist.js';
import { contentWords, segmentUtterance } from './segment.js';

/** Evidence units from participant speech only; interviewer turns are never evidence. */
export function evidenceFor(utterances: Utterance[]): ProposedEvidence[] {
  const out: ProposedEvidence[] = [];
  for (const utt of utterances) {
    if (utt.role !== 'participant') continue;
    for (const unit of segmentUtterance(utt)) {
      const facets = tagFacets(textView(unit.text, unit.tokens), unit.tokens, unit.text);
      const content = contentWords(unit.tokens).length;
      // More content and more facets: a more substantive, more confidently useful unit.
      const confidence = Math.round(Math.min(0.95, 0.45 + 0.08 * facets.length + 0.01 * Math.min(content, 15)) * 100) / 100;
      out.push({ utteranceId: utt.id, verbatim: unit.text, gist: gistOf(unit.text), confidence, facets });
    }
  }
  return out;
}
