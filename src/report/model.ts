/**
 * What the report shows, independent of where it came from (a project's per-interview results,
 * or its study-level synthesis) and of the output format (HTML, Markdown).
 */

/** A cited quote: who said it, in which interview, when, and where to hear it. */
export interface Quote {
  evidenceId: string;
  verbatim: string;
  speaker: string;
  interviewId: string;
  interviewTitle: string;
  startMs: number;
  endMs: number;
  /** The recording, to be played from startMs; null when the interview has none. */
  mediaHref: string | null;
  /** The interview's own report page (transcript with this quote highlighted). */
  interviewHref: string | null;
}

export interface AnswerPart {
  /** Whose answer this is (an interview's title) when the answer is per interview. */
  label: string | null;
  status: string | null;
  text: string;
  quotes: Quote[];
}

export interface QuestionModel {
  id: string;
  text: string;
  /** The study-level answer of the latest synthesis, or each interview's answer (none yet). */
  basis: 'synthesis' | 'per-interview';
  /** The study-level answer's status ("answered", "not enough evidence"); null per interview. */
  status: string | null;
  /** One line across the study: the synthesis' headline, or "answered in 2 of 3 interviews". */
  summary: string;
  /** How many participants and interviews the study-level answer rests on. */
  coverage: string | null;
  /** The study-level answer's sentences, or each interview's answer, with the quotes they cite. */
  parts: AnswerPart[];
}

export interface ThemeModel {
  id: string;
  name: string;
  statement: string;
  interviews: number;
  participants: number;
  quotes: Quote[];
}

export interface PersonaPoint {
  text: string;
  quote: Quote | null;
}

export interface PersonaModel {
  id: string;
  name: string;
  description: string;
  goals: PersonaPoint[];
  pains: PersonaPoint[];
  /** reason: why the member belongs (study-level personas), shown on hover. */
  members: { name: string; reason?: string | null; interviewTitle: string; interviewHref: string | null; quotes: Quote[] }[];
}

export interface InterviewSummaryModel {
  id: string;
  title: string;
  status: string;
  durationMs: number | null;
  participants: string[];
  href: string | null;
  hasMedia: boolean;
}

export interface ReportModel {
  projectId: string;
  title: string;
  generatedAt: string;
  /** Where the answers come from: the study-level synthesis (when one has committed) or each interview. */
  basis: 'synthesis' | 'per-interview';
  interviewCount: number;
  participantCount: number;
  questions: QuestionModel[];
  themes: ThemeModel[];
  personas: PersonaModel[];
  interviews: InterviewSummaryModel[];
}

/** How links are written: relative API paths when served, local file URLs in a standalone file. */
export interface ReportLinks {
  /** The recording of an interview, or null when it cannot be reached from the report. */
  media(interviewId: string): string | null;
  /** An interview's report page, or null when the report is one standalone file. */
  interview(interviewId: string): string | null;
}
