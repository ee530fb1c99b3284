/**
 * Talk about the interview itself is not evidence: the call ("can you hear me", "my internet might
 * be wonky"), the questions ("good question", "sorry, what was the question?", "does that make
 * sense?"), readiness ("no questions, let's begin", "I'm ready"), pleasantries ("thanks for having
 * me") and closings ("I think that covers it", "nothing else"), stage directions ("(typing)").
 *
 * A sentence is split into clauses at punctuation; a clause is meta-talk only when it matches one
 * of the patterns below whole (after filler such as "yeah", "oh", "sure", a vocative name). A
 * sentence whose every clause is meta-talk or filler is dropped; a leading "good question —" or
 * "thanks for asking," or a trailing ", if that makes sense" is cut off and the substance kept.
 * Anchoring on the whole clause keeps claims that only mention these words ("the big question is
 * pricing", "I ask it follow-up questions", "we said: let's do it again").
 */

const I = "(?:i'm|i am|im)";
const WE = "(?:we've|we have|we)";
const LETS = "(?:let's|lets|let us)";
const DONT = "(?:don't|dont|do not)";
const QUESTION = '(?:the|that|this|your|my) question';
const WHEN = '(?:(?:at|for) (?:the|this) (?:moment|time|point)|right now|yet|so far|for now|as of now|from me|here|before we (?:begin|start))';

/** Clauses that are about the interview itself, matched whole. */
const CLAUSES: RegExp[] = [
  // comments on a question
  /^(?:but |and )?(?:i think )?(?:(?:that's|that is|it's|it is|this is|what|such) )?(?:(?:a|an) )?(?:really |very |such a |pretty |kind of a )?(?:good|great|cool|interesting|tough|hard|difficult|fair|tricky|loaded|excellent) (?:question|one)(?: actually)?$/,
  new RegExp(`^(?:${I} not sure (?:i |that i )?|i ${DONT} (?:quite |really |fully )?)understand ${QUESTION}(?: fully| completely)?$`),
  new RegExp(`^(?:sorry )?(?:what (?:was|is) ${QUESTION} again|what was ${QUESTION}|(?:can|could) you (?:repeat|rephrase) ${QUESTION}|(?:can|could) you (?:repeat|rephrase) that)$`),
  /^(?:i )?(?:hope|think) (?:that|this|it) (?:answers|answered|helps|helped|covers|makes sense|was helpful|is helpful)(?: (?:your|the) question)?$/,
  /^(?:does|did) (?:that|this) (?:make sense|help|answer (?:your|the) question|answer (?:it|that|sufficiently|everything))$/,
  /^(?:if (?:that|this) makes sense|to answer your question|to answer (?:it|that) (?:specifically|directly|briefly)?|you know what i mean)$/,
  new RegExp(`^(?:(?:do you want|should i|shall i|want) (?:me to )?(?:finish|continue|keep going|go on|elaborate)(?: (?:this|that|my) (?:thought|answer|sentence|point))?|where was i|i (?:lost|forgot) my (?:train of )?thought|${I} rambling|sorry for (?:rambling|the rambling)|i digress)$`),
  // readiness and the start of the interview
  new RegExp(`^(?:(?:i )?think )?(?:${I} )?(?:just )?(?:ready|good to go|all set)(?: to (?:begin|start|go|proceed|get started|continue))?(?: when you are)?$`),
  new RegExp(`^(?:(?:i )?think )?${I} (?:ready|good to go|all set|good for questions|good)(?: to (?:begin|start|go|proceed|get started|continue))?(?: when you are)?(?: with (?:the|your|whatever) questions.{0,30})?$`),
  new RegExp(`^${LETS} (?:begin|start|go|do it|do this|get started|get going|get into it|dive in|jump in|proceed|get to it)(?: with (?:the|your) (?:first )?questions?)?$`),
  /^(?:(?:(?:you|we) )?(?:can|may) (?:go ahead and )?(?:begin|start|proceed|continue)|(?:please )?(?:begin|start)|feel free to (?:begin|start|proceed|ask)|go ahead(?: and (?:begin|start|proceed|ask))?|fire away|hit me|ready to go|good to go|proceed)(?: with (?:the|your) questions)?$/,
  new RegExp(`^(?:(?:i have )?(?:no )?(?:more |other |further )?questions|i ${DONT} (?:think i )?have any (?:more |other |further )?questions|i have no (?:more |other |further )?questions)(?: (?:for|from) (?:you|me))?(?: ${WHEN})?(?: ${WHEN})?$`),
  new RegExp(`^i ${DONT} currently have questions$`),
  // closing
  new RegExp(`^(?:i think |i believe )?(?:that|this) (?:about |pretty much )?covers (?:it|everything|it all|all of it)(?: all)?$`),
  new RegExp(`^(?:i think |i believe )?(?:that's|that is|thats) (?:about |pretty much )?(?:it|all)(?: (?:i have|for now|for today|from me|i think))?$`),
  new RegExp(`^(?:i think |i believe )?${WE} (?:covered|went over) (?:everything|it all|it|all of it)(?: ${WHEN})?$`),
  new RegExp(`^(?:(?:i )?(?:${DONT}|do not) have anything (?:else|more)|nothing (?:else|more))(?: (?:to (?:add|share|say|discuss|mention)))?(?: ${WHEN})?$`),
  new RegExp(`^nothing (?:that i can think of|comes to mind)(?: ${WHEN})?$`),
  /^do you have any (?:other |more |further )?questions (?:for me|about (?:me|my \w+))$/,
  new RegExp(`^(?:let me (?:start over|try again|rephrase(?: that)?)|let me think(?: about (?:it|that))?|${I} (?:just )?(?:gonna|going to) (?:kind of )?think out loud(?: on answering it| about (?:it|that))?)$`),
  /^(?:is there )?anything else(?: (?:you (?:want|need|would like) .{0,30}))?$/,
  new RegExp(`^${I} not sure what else (?:there is )?to (?:tell|say|add)$`),
  // pleasantries
  /^(?:thanks|thank you|many thanks|cheers)(?: (?:so|very) much)?(?: again)?(?: all)?(?: for .{1,60})?$/,
  /^(?:i )?(?:really )?appreciate (?:it|that|you asking|you having me|the opportunity|your time)$/,
  /^(?:(?:it was|it's been|it has been|this (?:has been|was)|that was) (?:a |an absolute )?pleasure|this has been (?:really |so )?(?:fun|great|nice|lovely)|(?:it was|it's been|this (?:has been|was)) (?:really |so )?(?:fun|great|nice|lovely) (?:talking|chatting|to talk)(?: (?:to|with) you)?)$/,
  /^(?:(?:it was |it's been )?(?:nice|good|great|lovely) (?:to (?:meet|talk to|chat with|see) you|talking (?:to|with) you|chatting(?: with you)?)|have a (?:nice|good|great) (?:day|one|evening|weekend)|you're welcome|my pleasure|no problem|thanks for having me)$/,
  /^i (?:really )?enjoyed (?:getting to )?(?:it|this|talking|chatting|talk|chat|our (?:chat|conversation)|the (?:chat|conversation|interview))(?: about (?:this|it))?$/,
  // the call and the chat window
  /^(?:can you (?:hear|see) me(?: (?:ok|okay|now|alright))?|(?:can|may) i (?:just )?close (?:this|the) (?:window|tab)(?: now)?|sorry i (?:hit|pressed) (?:send|enter)(?: .{0,20})?|(?:i )?(?:hit|pressed) (?:send|enter) (?:on accident|by accident|too (?:soon|quickly|early)))$/,
];

/** Call talk anywhere in a short sentence ("my internet might be wonky"). */
const CALL = /\b(?:internet|connection|wifi|wi-fi|audio|mic|microphone|camera|video|sound)\b.{0,30}\b(?:wonky|bad|slow|cut|cutting|drop|dropping|lag|lagging|freez|frozen|break|breaking)/;
const CALL_MAX_WORDS = 16;

/** Filler allowed around a meta clause, or standing as a clause of its own. */
const FILLER = new Set(['yes', 'yeah', 'yep', 'yup', 'no', 'nope', 'nah', 'oh', 'ah', 'well', 'hmm', 'hm', 'um', 'uh', 'so', 'ok', 'okay', 'sure', 'right', 'alright', 'cool', 'great', 'awesome', 'perfect', 'nice', 'wow', 'anyway', 'again', 'though', 'actually', 'also', 'and', 'but', 'then', 'thing', 'sorry', 'fine', 'now']);
/** Whole clauses that only acknowledge ("sounds good", "of course"). */
const ACK = /^(?:(?:that |it |this )?(?:all )?sounds? (?:perfectly |really )?(?:good|great|fine|perfect|ok|okay|fun|interesting)(?: to me)?|sure thing|all good|got it|will do)$/;

/** Whole clauses that only hold the floor ("I don't know, that's a tough question"). */
const HOLD = /^(?:i (?:don't|dont|do not) know|i mean|you know|i guess|let me see|hmm+)$/;

/** A timestamp standing as a clause ("[48:08]"). */
const TIME = /^\s*\d{1,2}(?:\s*:\s*\d{2}){0,2}\s*$/;

const STAGE = /^[\s([]*(?:typing|laughs?|laughter|crosstalk|inaudible|unintelligible|pause|silence)[\s)\].]*$/i;

type Kind = 'meta' | 'filler' | 'substance';

/** Splits at clause punctuation; returns [start, end) offsets of each clause in `text`. */
function clauses(text: string): [number, number][] {
  const out: [number, number][] = [];
  // " - " separates clauses too ("Sounds good - no questions from me"); a hyphen inside a word does not.
  const re = /(?:[^,;:.!?…()[\]"“”—–\s-]|\S-|-\S|\s(?!-\s))+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].trim()) out.push([m.index, m.index + m[0].length]);
  return out;
}

function norm(clause: string): string {
  return clause.toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * ACK and every clause pattern as one alternation, tried in one call: it matches exactly when one
 * of them does, as long as none has flags or a back-reference (checked here).
 */
const META_FORMS = [ACK, ...CLAUSES];
if (META_FORMS.some((re) => re.flags || /\\\d/.test(re.source))) throw new Error('meta-talk: a clause pattern with flags or a back-reference cannot join META_FORM');
const META_FORM = new RegExp(META_FORMS.map((re) => `(?:${re.source})`).join('|'));
const isMetaForm = (f: string) => META_FORM.test(f);

/**
 * Meta when the clause, or its two halves run together without a comma ("sounds good lets go"), match.
 * `normed` is norm(raw) and `core` its words without filler at either end (norm is computed once per
 * clause: the halves are made of normalised words already).
 */
function metaClause(normed: string, core: string[]): boolean {
  const forms = [core.join(' '), strip(wordsOf(normed), false).join(' '), normed];
  if (forms.some(isMetaForm)) return true;
  // the first half grows a word at a time; it is all filler exactly when it strips to nothing
  let a = '';
  let allFiller = true;
  for (let i = 1; i < core.length; i++) {
    a = i === 1 ? core[0]! : `${a} ${core[i - 1]!}`;
    allFiller &&= FILLER.has(core[i - 1]!);
    if ((isMetaForm(a) || allFiller) && isMetaForm(strip(core.slice(i), true).join(' '))) return true;
  }
  return false;
}

function kindOf(raw: string): Kind {
  const normed = norm(raw);
  const core = strip(wordsOf(normed), true);
  if (core.length === 0 || STAGE.test(raw) || HOLD.test(normed) || TIME.test(raw)) return 'filler';
  if (metaClause(normed, core)) return 'meta';
  // A lone capitalised word is a vocative ("Thanks, Adam.").
  if (core.length === 1 && /^\s*\p{Lu}\p{Ll}*\s*$/u.test(raw)) return 'filler';
  return 'substance';
}

/** A leading clause that may be cut off a sentence with substance ("Good question — ..."). */
const TRIM_LEADING = /^(?:(?:but |and )?(?:(?:that's|that is|it's|it is|this is|what) )?(?:(?:a|an) )?(?:really |very |pretty )?(?:good|great|interesting|tough|hard|difficult|fair|tricky) question|thanks? (?:you )?(?:so much )?for (?:asking|the question)|to answer your question|to answer (?:it|that) (?:specifically|directly)?)$/;
/** A trailing check-in that may be cut off a sentence with substance ("..., if that makes sense."). */
const TRIM_TRAILING = /[\s,;(—–-]*\b(?:if (?:that|this) makes (?:any )?sense|you know what i mean|does (?:that|this) make sense|(?:i )?hope (?:that|this) (?:helps|makes sense|answers (?:your|the) question))[\s?.!)]*$/i;

const wordsOf = (normed: string) => normed.split(' ').filter(Boolean);

/** The words without filler at their start (and at their end when `tail`). */
function strip(words: string[], tail: boolean): string[] {
  let a = 0, b = words.length;
  while (a < b && FILLER.has(words[a]!)) a++;
  if (tail) while (b > a && FILLER.has(words[b - 1]!)) b--;
  return words.slice(a, b);
}

/** The clause normalised, with filler stripped from both ends ("no, that all sounds fine" → "that all sounds fine"). */
function coreOf(raw: string): string {
  return strip(wordsOf(norm(raw)), true).join(' ');
}

/**
 * The part of a sentence that is not meta-talk, as [start, end) offsets in `text`, or null when
 * the whole sentence is talk about the interview.
 */
export function substanceSpan(text: string): [number, number] | null {
  if (STAGE.test(text)) return null;
  if (text.split(/\s+/).length <= CALL_MAX_WORDS && CALL.test(text.toLowerCase())) return null;
  const tail = TRIM_TRAILING.exec(text);
  const end = tail && tail.index > 0 ? tail.index : text.length;
  const cs = clauses(text.slice(0, end));
  const kinds = cs.map(([s, e]) => kindOf(text.slice(s, e)));
  if (!kinds.includes('substance')) return kinds.includes('meta') || end < text.length ? null : [0, text.length];
  const lead = kinds.indexOf('substance');
  // Cut leading meta clauses only when one of them is a cue that may be cut ("Good question — ...").
  const cutHead = lead > 0 && cs.slice(0, lead).some(([s, e]) => TRIM_LEADING.test(coreOf(text.slice(s, e))));
  return [cutHead ? cs[lead]![0] + (text.slice(cs[lead]![0]).length - text.slice(cs[lead]![0]).trimStart().length) : 0, end];
}

/** True when the whole text is talk about the interview (no substance). */
export function isMetaTalk(text: string): boolean {
  return substanceSpan(text) === null;
}
