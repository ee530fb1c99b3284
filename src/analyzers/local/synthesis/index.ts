import { SynthesisOutput, type SynthesisInput } from '../../../domain/synthesis.js';
import { canonicalize } from './canon.js';
import { buildThemes, type ThemeOptions } from './themes.js';
import { buildAnswers, type AnswerOptions } from './answers.js';
import { buildPersonas, type PersonaOptions } from './personas.js';
import { buildCoverage, type CoverageOptions } from './coverage.js';

export interface LocalSynthesisOptions {
  themes?: ThemeOptions;
  answers?: AnswerOptions;
  personas?: PersonaOptions;
  coverage?: CoverageOptions;
}

/**
 * The offline study-level synthesis: deterministic and order-independent (inputs are put in
 * canonical order by content keys first), so the same interviews give byte-identical output.
 * Themes merge the interviews' codes; answers rest on the per-interview answers and are grouped
 * by theme; personas cluster participants on what they talk about, the themes they share and
 * their facet profiles; coverage lists what no theme
 * holds. Every id in the output comes from the input.
 */
export function synthesizeLocal(input: SynthesisInput, opts: LocalSynthesisOptions = {}): SynthesisOutput {
  const c = canonicalize(input);
  const built = buildThemes(c, opts.themes);
  const answers = buildAnswers(c, built, opts.answers);
  const { personas, unassigned } = buildPersonas(c, opts.personas, built);
  const coverage = buildCoverage(c, built, opts.coverage);
  const themes = built.map(({ supporting: _s, ...t }) => t);
  return SynthesisOutput.parse({ themes, answers, personas, unassigned, coverage, droppedCitations: 0 });
}
