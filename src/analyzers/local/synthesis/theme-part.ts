import type { FacetKind } from '../../../domain/analysis.js';
import type { InterviewCode, SynthesisEvidence } from '../../../domain/synthesis.js';

/** One concept theme (a concept, or a part of it split by what is done with it or said about it): what the study-level groups are made of. */
export interface Part {
  name: string;
  codes: InterviewCode[];
  units: SynthesisEvidence[];
  /** The concept (stemmed key) and how the theme writes it; null for a theme named otherwise. */
  key: string | null;
  surface: string | null;
  /**
   * What the part's name says of its units besides the concept: the verb done to it ("Building
   * the community") or the facet framing it ("Problems with X"); null for a plain part. Evidence
   * taken in later must say it too (theme-groups.ts), or the quote would not fit the name.
   */
  predicate?: { verb: string } | { frame: FacetKind } | null;
  /**
   * Its concept is the study's frame topic, said by nearly every participant and coded by no
   * interview ("AI", themes.ts): only its parts that say something of it are themes, and no theme
   * takes in other units for saying the concept alone.
   */
  generic?: boolean;
  /**
   * Its concept is a kind of another that participants name ("photo editing": compounds.ts):
   * it stands alone, titled by itself, and joins no group (the group would be named by a pair
   * of concepts or fall back to "Experiences with").
   */
  compound?: boolean;
}
