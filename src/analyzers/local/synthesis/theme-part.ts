import type { InterviewCode, SynthesisEvidence } from '../../../domain/synthesis.js';

/** One concept theme (a concept, or a part of it split by what is done with it or said about it): what the study-level groups are made of. */
export interface Part {
  name: string;
  codes: InterviewCode[];
  units: SynthesisEvidence[];
  /** The concept (stemmed key) and how the theme writes it; null for a theme named otherwise. */
  key: string | null;
  surface: string | null;
}
