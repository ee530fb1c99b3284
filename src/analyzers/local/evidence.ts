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
      if (isMetaTalk(unit.text)) continue;
      const facets = tagFacets(textView(unit.text, unit.tokens), unit.tokens, unit.text);
      const content = contentWords(unit.tokens).length;
      // More content and more facets: a more substantive, more confidently useful unit.
      const confidence = Math.round(Math.min(0.95, 0.45 + 0.08 * facets.length + 0.01 * Math.min(content, 15)) * 100) / 100;
      out.push({ utteranceId: utt.id, verbatim: unit.text, gist: gistOf(unit.text), confidence, facets });
    }
  }
  return out;
}

/**
 * Talk about the interview itself, not evidence: the call ("can you hear me", "my internet might
 * be wonky"), the conversation ("good question", "thanks for asking", "should I finish this
 * thought?"), stage directions ("(typing)"). Only short units: a long answer that opens with
 * "good question" is still an answer.
 */
const META = [
  /\b(?:good|great|interesting|hard|tough|difficult|fair|big) question\b/i,
  /\bthanks? (?:you )?(?:so much )?for (?:asking|having me|the question|your time)\b/i,
  /\b(?:internet|connection|wifi|wi-fi|audio|mic|microphone|camera|video|sound)\b.{0,30}\b(?:wonky|bad|slow|cut|cutting|drop|dropping|lag|lagging|freez|frozen|break|breaking)/i,
  /\bcan you (?:hear|see) me\b/i,
  /\b(?:finish|continue|complete) (?:this|that|my) (?:thought|answer|sentence)\b/i,
  /\b(?:next question|move on|go ahead|sounds good|let'?s (?:do it|go|start|begin))\b/i,
];
const STAGE = /^[\s([]*(?:typing|laughs?|laughter|crosstalk|inaudible|unintelligible|pause|silence)[\s)\].]*$/i;
const META_MAX_WORDS = 16;

export function isMetaTalk(text: string): boolean {
  if (STAGE.test(text)) return true;
  return text.split(/\s+/).length <= META_MAX_WORDS && META.some((re) => re.test(text));
}
