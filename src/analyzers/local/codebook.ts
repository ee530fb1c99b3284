/**
 * The local analyzer's codebook: generic qualitative-research codes about how people work with
 * tools, with readable names, a one-sentence statement, inclusion criteria and lexical cues.
 * A theme is created in a project the first time an interview has enough evidence for it, and later
 * interviews link to the existing theme (matched by name). Cues were tuned ONLY on the creatives
 * interviews; the scientists interviews are the held-out evaluation.
 */
export interface Code {
  name: string;
  statement: string;
  inclusionCriteria: string;
  /** Phrases (lemma or surface, `*` suffix wildcard) that signal the code. */
  cues: string[];
  /** Cues that are strong enough alone; other cues need a second hit. */
  strong: string[];
}

export const CODEBOOK: Code[] = [
  {
    name: 'Time savings and efficiency',
    statement: 'Participants value tools that make their work faster and free up time.',
    inclusionCriteria: 'Evidence about speed, saved time, productivity or getting more done.',
    strong: ['save time', 'saves time', 'saved time', 'saving time', 'time saver', 'time-saving', 'speed up', 'efficien*', 'productiv*', 'free up', 'frees up', 'freed up'],
    cues: ['faster', 'quicker', 'quickly', 'quick', 'hours', 'minutes', 'time', 'speed', 'streamline', 'deadline', 'turnaround'],
  },
  {
    name: 'Offloading tedious and repetitive tasks',
    statement: 'Participants hand routine, repetitive or administrative chores to tools so they can focus on the core work.',
    inclusionCriteria: 'Evidence about delegating boring, tedious, repetitive, admin or grunt work.',
    strong: ['tedious', 'repetitive', 'grunt work', 'busywork', 'busy work', 'mundane', 'chore', 'chores', 'drudgery', 'menial', 'admin work', 'admin tasks', 'administrative tasks', 'boring stuff', 'boring parts', 'automate', 'automating'],
    cues: ['admin', 'administrative', 'boring', 'routine', 'formatting', 'paperwork', 'offload', 'delegate', 'automate', 'automat*'],
  },
  {
    name: 'Checking AI output for errors',
    statement: 'Participants verify what AI produces because it can be wrong or invent things.',
    inclusionCriteria: 'Evidence about errors, hallucinations, fact-checking, double-checking or accuracy of output.',
    strong: ['hallucinat*', 'fact-check*', 'fact check*', 'double-check*', 'double check*', 'verify', 'verif*', 'inaccura*', 'made up', 'makes up', 'make stuff up'],
    cues: ['check', 'checking', 'accurate', 'accuracy', 'error', 'errors', 'mistake', 'mistakes', 'wrong', 'incorrect', 'source', 'sources', 'citation*', 'correct'],
  },
  {
    name: 'Trust and reliance on AI',
    statement: 'How far participants trust AI output and how much they rely on it.',
    inclusionCriteria: 'Evidence about trusting or distrusting AI, reliability, depending on it, or skepticism.',
    strong: ['trust', 'distrust', 'mistrust', 'trustworthy', 'skeptic*', 'sceptic*', 'unreliable', 'reliab*', 'rely on', 'relied on', 'relying on', 'rely heavily', 'dependent', 'dependence', 'dependency'],
    cues: ['confidence', 'confident', 'blindly', 'cautious', 'careful', 'wary', 'crutch', 'reliance'],
  },
  {
    name: 'Brainstorming and idea generation',
    statement: 'Participants use AI to generate ideas, get unstuck and explore directions.',
    inclusionCriteria: 'Evidence about brainstorming, ideation, inspiration, creative blocks or exploring options.',
    strong: ['brainstorm*', 'ideation', 'ideate', 'creative block', "writer's block", 'writers block', 'bounce idea*', 'bouncing idea*', 'bounce off', 'inspiration', 'unstuck'],
    cues: ['idea', 'ideas', 'spark', 'explore', 'possibilities', 'options', 'directions', 'starting point', 'blank page', 'inspire'],
  },
  {
    name: 'Writing and editing support',
    statement: 'Participants use AI to draft, edit, proofread or polish text.',
    inclusionCriteria: 'Evidence about drafting, editing, proofreading, grammar, rewording or copywriting.',
    strong: ['proofread*', 'copywriting', 'copy editing', 'copyedit*', 'grammar', 'rewrite', 'rewording', 'reword', 'rephrase', 'spell check*', 'spelling'],
    cues: ['edit', 'editing', 'draft', 'drafts', 'drafting', 'writing', 'wording', 'sentence', 'sentences', 'paragraph', 'tone', 'polish', 'email', 'emails'],
  },
  {
    name: 'Research and information gathering',
    statement: 'Participants use AI as a research assistant to find, summarise and explain information.',
    inclusionCriteria: 'Evidence about looking things up, summarising, searching for information or background research.',
    strong: ['look up', 'looking up', 'looked up', 'search engine', 'google', 'summari*', 'literature', 'research'],
    cues: ['information', 'info', 'search', 'find', 'reference', 'references', 'fact', 'facts', 'article', 'articles', 'paper', 'papers', 'topic', 'background'],
  },
  {
    name: 'Learning new skills and concepts',
    statement: 'Participants use AI to learn, understand unfamiliar topics and build skills.',
    inclusionCriteria: 'Evidence about learning, teaching, explanations, tutorials or building understanding.',
    strong: ['learn', 'learning', 'learned', 'learnt', 'tutor', 'teach me', 'taught me', 'explain', 'explains', 'explained', 'explanation*'],
    cues: ['understand', 'understanding', 'skill', 'skills', 'knowledge', 'concept', 'concepts', 'technique', 'theory', 'tutorial*', 'course'],
  },
  {
    name: 'Coding and technical tasks',
    statement: 'Participants use AI for code, scripts and other technical work.',
    inclusionCriteria: 'Evidence about writing or debugging code, scripts, software or technical setup.',
    strong: ['code', 'coding', 'debug*', 'programming', 'python', 'javascript', 'html', 'css', 'write code', 'writing code'],
    cues: ['technical', 'software', 'function', 'website', 'api', 'automation', 'spreadsheet', 'excel', 'formula'],
  },
  {
    name: 'Keeping creative control and ownership',
    statement: 'Participants insist on keeping the decisions, authorship and final say over their work.',
    inclusionCriteria: 'Evidence about control, ownership, authorship, making the final call, or keeping work their own.',
    strong: ['ownership', 'in control', 'creative control', 'final say', 'authorship', 'my voice', 'own voice', 'in charge',
      'driving the creative', 'drive the creative', 'drives the creative', "driver's seat", 'drivers seat', 'make the decisions',
      'makes the decisions', 'final decision*', 'creative decisions', 'creative direction', 'i decide', 'i am driving', "i'm driving",
      'i drive', '100% me', 'always me', 'its me', "it's me"],
    cues: ['control', 'own', 'my own', 'decide', 'decision', 'decisions', 'mine', 'hands', 'direction', 'vision', 'my vision', 'style', 'my style', 'steer'],
  },
  {
    name: 'Authenticity and the human element',
    statement: 'Participants see human experience, emotion and authenticity as what gives work its value.',
    inclusionCriteria: 'Evidence about authenticity, soul, human touch, originality or genuine human expression.',
    strong: ['authentic*', 'human touch', 'human element', 'soul', 'soulless', 'genuine', 'originality', 'humanity', 'human connection', 'lived experience'],
    cues: ['human', 'humans', 'person', 'emotion', 'emotional', 'original', 'heart', 'real', 'meaning', 'meaningful', 'expression', 'experience'],
  },
  {
    name: 'Ethics, copyright and consent',
    statement: 'Participants are concerned about how AI is trained and whether it uses others\' work fairly.',
    inclusionCriteria: 'Evidence about copyright, theft, consent, training data, plagiarism or ethical qualms.',
    strong: ['copyright*', 'steal', 'stealing', 'stolen', 'theft', 'plagiar*', 'consent', 'ethic*', 'training data', 'trained on', 'intellectual property', 'unethical', 'moral*'],
    cues: ['fair', 'unfair', 'compensat*', 'credit', 'permission', 'legal', 'lawsuit', 'rights', 'exploit*'],
  },
  {
    name: 'Fear of replacement and job loss',
    statement: 'Participants worry that AI will replace their work, devalue their skills or take income away.',
    inclusionCriteria: 'Evidence about job loss, replacement, devaluation, lost income or threats to livelihood.',
    strong: ['replace', 'replaced', 'replacing', 'replacement', 'job loss', 'lose my job', 'livelihood', 'devalu*', 'put out of work', 'out of work', 'out of a job', 'take over', 'taking over', 'obsolete'],
    cues: ['job', 'jobs', 'income', 'threat', 'threaten*', 'career', 'industry', 'undercut', 'cheaper', 'pay', 'paid'],
  },
  {
    name: 'Stigma and how others see AI use',
    statement: 'Participants navigate how peers, clients and audiences judge the use of AI.',
    inclusionCriteria: 'Evidence about stigma, judgement, hiding or disclosing AI use, peer or audience perception.',
    strong: ['stigma*', 'judge*', 'judgment', 'judgement', 'backlash', 'disclose', 'disclosure', 'admit to using', 'admitting', 'hide it', 'ashamed', 'shame', 'embarrass*', 'frowned upon', 'witch hunt*', 'looked down on', 'look down on'],
    cues: ['peers', 'colleagues', 'community', 'audience', 'people think', 'others', 'reputation', 'open about', 'tell people'],
  },
  {
    name: 'Generic or low-quality output',
    statement: 'Participants find AI output often generic, bland or below their quality bar.',
    inclusionCriteria: 'Evidence about generic, bland, clichéd, mediocre or unusable output.',
    strong: ['generic', 'bland', 'clich*', 'mediocre', 'cookie cutter', 'cookie-cutter', 'formulaic', 'samey', 'lacks', 'flat', 'robotic', 'uncanny'],
    cues: ['quality', 'output', 'result', 'results', 'good enough', 'not good', 'usable', 'unusable', 'boring', 'average', 'predictable'],
  },
  {
    name: 'AI as a thinking partner',
    statement: 'Participants treat AI as a collaborator or sounding board to think through their work.',
    inclusionCriteria: 'Evidence about conversing with AI, collaboration, a sounding board or a second opinion.',
    strong: ['sounding board', 'thinking partner', 'collaborator', 'collaborate', 'collaboration', 'second opinion', 'talk through', 'talking through', 'bounce', 'partner', 'assistant'],
    cues: ['conversation', 'dialogue', 'back and forth', 'feedback', 'discuss', 'talk', 'perspective'],
  },
  {
    name: 'Business and client communication',
    statement: 'Participants use AI for the business side of their work: marketing, admin and client communication.',
    inclusionCriteria: 'Evidence about marketing, emails, proposals, social media, pitching or client communication.',
    strong: ['marketing', 'social media', 'newsletter', 'proposal*', 'pitch', 'invoice*', 'business plan*', 'grant', 'grants', 'branding', 'client communication'],
    cues: ['email', 'emails', 'client', 'clients', 'business', 'promotion', 'promote', 'website', 'post', 'posts', 'caption*', 'bio'],
  },
  {
    name: 'Prompting and steering the output',
    statement: 'Getting useful output depends on how participants prompt, iterate and steer the tool.',
    inclusionCriteria: 'Evidence about prompts, instructions, refining requests, iterating or steering results.',
    strong: ['prompt', 'prompts', 'prompting', 're-prompt*', 'reprompt*', 'instruction*', 'iterate', 'iterating', 'iteration*', 'regenerat*', 'rephrase my'],
    cues: ['specific', 'context', 'ask', 'asking', 'request', 'adjust', 'guide', 'steer', 'back and forth', 'refine', 'refining', 'tweak*'],
  },
  {
    name: 'Drawing boundaries around AI use',
    statement: 'Participants draw clear lines between tasks they give to AI and work they keep for themselves.',
    inclusionCriteria: 'Evidence about refusing AI for some tasks, limits, rules, or reserving parts of the work.',
    strong: ['draw the line', 'draw a line', 'boundary', 'boundaries', 'never use', "won't use", 'refuse', 'only use', 'wouldn\'t use', 'would never', 'off limits', 'not for'],
    cues: ['never', 'limit', 'line', 'rule', 'rules', 'avoid', 'keep', 'reserve', 'except'],
  },
  {
    name: 'Skill erosion and over-reliance',
    statement: 'Participants worry that leaning on AI could weaken their own skills or thinking.',
    inclusionCriteria: 'Evidence about losing skills, laziness, atrophy, shortcuts or dependence weakening ability.',
    strong: ['atroph*', 'lazy', 'laziness', 'crutch', 'over-reli*', 'overreli*', 'lose my skill*', 'lose the skill*', 'deskill*', 'shortcut*', 'dull'],
    cues: ['skill', 'skills', 'muscle', 'practice', 'ability', 'abilities', 'brain', 'think for myself', 'struggle'],
  },
  {
    name: 'Visual and image generation',
    statement: 'Participants use or react to AI that generates images, visuals and designs.',
    inclusionCriteria: 'Evidence about generating or editing images, illustrations, photos, designs or visual references.',
    strong: ['midjourney', 'dall-e', 'dalle', 'stable diffusion', 'image generat*', 'ai art', 'ai-generated art', 'ai generated art', 'generated image*', 'generate images', 'generating images', 'ai images', 'ai image', 'photoshop', 'firefly', 'illustration*', 'concept art', 'graphic design', 'photography', 'text to image', 'text-to-image'],
    cues: ['image', 'images', 'visual', 'visuals', 'picture', 'pictures', 'photo', 'photos', 'photography', 'design', 'art', 'artwork', 'drawing', 'painting', 'reference'],
  },
  {
    name: 'Expectations for the future of AI',
    statement: 'Participants describe how they expect or hope AI and their work will change.',
    inclusionCriteria: 'Evidence about the future, predictions, hopes, wishes or how things will evolve.',
    strong: ['in the future', 'the future', 'future', 'years from now', 'next few years', 'going forward', 'evolve', 'evolving', 'i hope', 'hopefully', 'i wish', 'i would love'],
    cues: ['hope', 'wish', 'expect', 'predict', 'eventually', 'someday', 'imagine', 'change', 'improve', 'better'],
  },
  {
    name: 'Mixed feelings about AI',
    statement: 'Participants express ambivalent or conflicted emotions about using AI.',
    inclusionCriteria: 'Evidence about feeling conflicted, guilty, uneasy, anxious, or both excited and worried.',
    strong: ['conflicted', 'torn', 'mixed feelings', 'ambivalen*', 'guilty', 'guilt', 'uneasy', 'uncomfortable', 'double-edged', 'love-hate', 'bittersweet', 'anxious', 'anxiety'],
    cues: ['feel', 'feeling', 'felt', 'worry', 'worried', 'scary', 'scared', 'excited', 'weird', 'strange', 'fear'],
  },
];
