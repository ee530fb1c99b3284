import type { FacetKind } from '../../domain/analysis.js';

/**
 * Facet cues, matched on lemmas and on lower-cased surface words (whole words/phrases only).
 * `*` = any suffix, `?` = any one word. Tuned ONLY on the creatives interviews (see
 * test/fixtures/labels/LABELLING.md); the scientists interviews are the held-out evaluation.
 * `tool` and `behavior` also use the rules in facets.ts.
 */
export const FACET_CUES: Record<Exclude<FacetKind, 'tool' | 'behavior'>, string[]> = {
  pain: [
    'frustrat*', 'annoy*', 'difficult', 'difficulty', 'struggle', 'struggling', 'struggled', 'struggles',
    'problem', 'problems', 'problematic', 'issue', 'issues', 'waste', 'wasting', 'tedious', 'hassle',
    'bottleneck', 'time-consuming', 'time consuming', 'overwhelm*', 'inaccurate',
    'unreliable', 'mistake', 'mistakes', 'error', 'errors', 'wrong', 'fail', 'fails', 'failed',
    'painful', 'drawback', 'downside', 'limitation', 'limitations', 'tiresome', 'exhausting', 'taxing',
    'generic', 'bland', 'soulless', 'clunky', 'useless', "doesn't work", 'does not work', 'hard to',
    'hard for', 'harder', 'too much time', 'hate', 'hated', 'disappoint*', 'fall short', 'falls short',
    'miss the mark', 'off the mark', 'repetitive', 'cliche', 'cliché', 'burnout', 'stress', 'stressful',
    'chore', 'grunt work', 'drudgery', 'obstacle', 'barrier', 'concern', 'concerns', 'concerned',
    'worry', 'worried', 'worries', 'worrying', 'pressed for time', 'a lot of tweaking', 'requires a lot',
    'takes forever', 'took forever', 'flooded', 'saturat*', 'could not get', "couldn't get",
    'formulaic', 'cookie cutter', 'lack', 'lacks', 'lacking', 'risk', 'threat', 'afraid', 'fear', 'fears',
    'stuck', 'hard time', 'harm', 'harmed', 'harmful', 'isolating', 'lonely', 'annoyance', 'pain point',
    'poor', 'could not', "couldn't", 'unable', 'run out', 'ran out', 'trouble', 'rubbish', 'unusable', "didn't work",
    'did not work', "isn't working", "wasn't working", 'not working', 'it was hard', 'its hard', 'is hard', 'so hard',
    'really hard', 'too hard', 'challenging', 'tough', 'consequences', 'out of business', 'the only way',
    'limited', 'limiting', 'not good enough', "won't be", 'step backward', 
    'rejected', 'rejection', 'layoff*', 'unhappy', 'disillusion*', "didn't make sense", 'did not make sense', 'endless*',
    'overly', 'not having', 'would have taken', 'fight for', 'a hard', 'dies', 'go out of business',
  ],
  gain: [
    'save time', 'saves time', 'saved time', 'saving time', 'save ? time', 'saves ? time', 'saved ? time',
    'save me', 'saves me', 'saved me', 'time saver', 'time-saver', 'faster', 'quicker', 'speed up', 'speeds up',
    'efficient', 'efficiency', 'productive', 'productivity', 'easier', 'convenient', 'helpful', 'useful',
    'benefit', 'beneficial', 'advantage', 'improve', 'improved', 'improves', 'boost', 'streamline',
    'free up', 'frees up', 'freed up', 'game changer', 'game-changer', 'lifesaver', 'life-saving',
    'helps me', 'helped me', 'helps keep', 'made it possible', 'allow me', 'allows me',
    'allowed me', 'enable', 'enables', 'enabled', 'unblock*', 'jumpstart', 'jump start', 'kickstart',
    'great for', 'good for', 'works well', 'working well', 'valuable', 'fraction of the time',
    'pressure off', 'possibilities', 'now i can', 'i can now', 'more confidence', 'less stressed',
    'huge help', 'big help', 'a great help', 'a lot easier', 'much easier', 'invaluable',
    'helps with', 'helped with', 'it helps', 'it helped', 'helps them', 'helped us', 'better than',
    'far better', 'much better', 'works really', 'works great', 'worked well', 'was able to', 'were able to',
    'right away', 'time saving', 'how much time', 'more focused', 'welcome to', 'lowered', 'great suggestions', 'good understanding', 'nice to have', 'it is nice',
    'its nice',
    'handy', 'worked very well', 'works very well', 'giving me', 'best quality', 'helps save', 'really help', 'is great',
    'was great', 'so great', 'that ability', 'the ability to', 'from being able',
  ],
  goal: [
    'i want', 'we want', 'i wanna', 'we wanna', 'i really want', 'i just want', 'i also want', 'i still want',
    'i do want', 'i do wish', 'i do hope', 'i do need', 'i really wish', 'i really hope', 'i really need',
    'i want to be able', 'i need', 'we need', "i'm trying", 'i am trying', 'i was trying', 'i try to', 'we try to',
    'i hope', 'i hoped', "i'm hoping", 'i am hoping', 'i was hoping', 'my goal', 'our goal', 'the goal',
    'my aim', 'i aim', "i'd like", 'i would like', "i'd love", 'i would love', 'i wish', 'i plan',
    'i intend', 'my dream', 'i aspire', 'would be nice', 'would love', 'we are trying', "we're trying",
  ],
  workflow: [
    'workflow', 'workflows', 'my process', 'our process', 'creative process', 'design process', 'writing process', 'work process', 'first step', 'next step', 'each step', 'step by step', 'this step',
    'that step', 'the step', 'first draft', 'draft', 'drafts', 'drafting', 'edit', 'editing', 'revise',
    'revising', 'revision', 'iterate', 'iteration', 'brainstorm*', 'outline', 'outlining', 'review',
    'proofread*', 'pipeline', 'stage', 'phase', 'after that', 'once i', 'before i',
    'finalize', 'polish', 'mock-up', 'mockup', 'prototype', 'sketch', 'sketching', 'storyboard*',
    'pre-production', 'post-production', 'mixing', 'mastering', 'ideation', 'organize', 'organizing',
    'scripting', 'plotting',
    // the order of the work and its checking stages
    'i start by', 'start with', 'ahead of time', 'afterwards', 'double check*', 'peer-review*',
    'peer review*', 'refine', 'refining', 'polishing', 'summariz*', 'summaris*', 'look over', 'go over', 'preparation',
    'prepping', 'fact check*', 'fact-check*',
  ],
  emotion: [
    'excited', 'exciting', 'excitement', 'anxious', 'anxiety', 'scared', 'scary', 'scares', 'afraid',
    'fear', 'happy', 'sad', 'nervous', 'uncomfortable', 'comfortable', 'guilty', 'guilt', 'proud',
    'enjoy', 'enjoyed', 'love', 'loved', 'hate', 'hated', 'worried', 'worry', 'uneasy', 'satisfied',
    'satisfying', 'fun', 'conflicted', 'torn', 'relief', 'relieved', 'angry', 'upset', 'bothers me',
    'frustrated', 'frustrating', 'overwhelmed', 'thrilled', 'grateful', 'ashamed', 'embarrass*',
    'depress*', 'joy', 'delight*', 'resent*', 'dread*', 'icky', 'shy', 'stressed', 'nervous',
    'feel bad', 'feel ? bad', 'feel good', 'feel ? good', 'feel positive', 'feel great', 'feel weird',
    'feel ? weird', 'feel strange', 'feel sad', 'feel guilty', 'feel like a fraud', 'feel empty',
    'feel disconnected', 'feel proud', 'feel excited', 'mixed feelings', 'disheartening', 'heartbreaking',
    'terrif*', 'horrif*', 'amazed', 'in awe', 'annoyed', 'irritat*',
    'fascinat*', 'appreciated', 'disappointed', 'bothered', 'passionate', 'thankful', 'out of my element',
  ],
  value: [
    'importance', 'matters', 'authentic', 'authenticity', 'integrity', 'ownership',
    'originality', 'craft', 'ethic*', 'moral*', 'principle', 'principles', 'i believe', 'care about',
    'human touch', 'human element', 'humanity', 'soul', 'consent',
    'my voice', 'own voice', 'meaningful', 'fair', 'unfair', 'stolen', 'steal',
    'theft', 'creative control', 'autonomy', 'appropriate', 'inappropriate', 'abuse', 'should never',
    'should not', "shouldn't", 'should always', 'we should', 'essential', 'sacred', 'dignity',
    'is important', 'are important', 'was important', 'its important', 'so important', 'very important', 'really important',
    'most important', 'more important', 'important to', 'important that', 'important for', 'should be', 'should have',
    'should use', 'is key', 'is the key', 'the key is', 'always good', 'know better', 'there will always be',
    "there'll always be", 'always be a need', 'too much', 'over-reliance', 'overreliance', 'be honest', 'honest about', 'respect for', 'respecting',
    // a norm: "I think X should / needs to / must", generic "you have to / you should", "it comes down to"
    'think ? should', 'think ? ? should', 'think ? ? ? should', 'think ? needs to', 'think ? ? needs to', 'think ? must',
    'think ? ? must', 'believe ? should', 'believe ? ? should', 'you should', 'you have to', 'you need to', 'you must',
    'you gotta', "you've gotta", 'one should', 'comes down to', 'is all about', 'should never', 'should only',
  ],
  context: [
    'i work as', 'work as a', 'i work in', 'i work at',
    'i work for', 'my job', 'my role', 'my creative work', 'my projects', 'my company',
    'my team', 'my business', 'my clients', 'my field', 'my career', 'my day job', 'my industry',
    'freelance', 'freelancer', 'years of experience', 'for years', 'background', 'career', 'studio',
    'agency', 'full-time', 'part-time', 'hobby', 'hobbyist', 'profession', 'employer',
    'i sell', 'i run a', 'i own a', 'most of my projects', 'a typical project', 'my typical',
    'i have been a', "i've been a", 'a lot of my work', 'my main', 'my primary',
    // where and with whom the speaker works, their history and circumstances
    'my workplace', 'at work', 'at my site', 'colleague', 'colleagues', 'coworker*', 'co-worker*', 'co-founder*', 'cofounder*',
    'my boss', 'my manager', 'my staff', 'employees', 'our company', 'our team', 'our business',
    'i manage', 'i studied', 'i graduated', 'i grew up', 'when i was young', 'when i was a kid', 'i come from',
    'i was new', 'the only person', 'the only one', 'the only employee', 'the only individual', 'in my line of work',
    'from home', 'investors', 'customers', 'my parents', 'years ago', 'i have been doing', "i've been doing",
    'for ? years', 'for ? ? years', 'i worked at', 'i worked for', 'i worked in', 'i used to work', 'i was working at',
    'a company called', 'i founded', 'we founded', 'founder of', 'owner of', 'the owner', 'tasked with', 'responsible for',
    'in charge of', 'my responsibilit*', 'my duties', 'my daughter', 'my son', 'my kids', 'my children', 'my wife',
    'my husband', 'my family', 'pregnant', 'i became a', 'high school', 'college', 'university', 'my degree',
    'small business', 'online business', 'my shop', 'my store', 'my restaurant', 'my office', 'my department',
    // an organisation's history: its milestones ("we grew the company to 50 people", "when we raised our series A")
    ...['grew', 'raised', 'passed', 'reached', 'were acquired', 'got acquired', 'went public'].flatMap((v) => [`we ${v}`, `we ? ${v}`]),
    "we've grown", 'we have grown', "we've raised", 'we have raised',
    'client', 'clients', 'customer', 'i am involved', 'involved in', 'i work on', 'commission work', 'commissions',
  ],
};

/**
 * Named tools and products common in any kind of work: a tool facet on their own. Other products
 * are found as proper nouns the speaker uses (facets.ts); study-specific tools belong in a codebook.
 */
export const NAMED_TOOLS = [
  'photoshop', 'lightroom', 'illustrator', 'premiere', 'after effects', 'canva', 'figma',
  'notion', 'grammarly', 'suno', 'udio', 'firefly', 'perplexity', 'excel', 'google docs', 'ableton',
  'pro tools', 'izotope', 'procreate', 'blender', 'python', 'elevenlabs', 'sudowrite', 'novelai',
  'leonardo', 'krea', 'capcut', 'davinci', 'adobe', 'deepl', 'otter', 'descript', 'jasper', 'llama',
  'mistral', 'deepseek', 'grok', 'bard', 'bing', 'google', 'youtube', 'etsy', 'wordpress', 'shopify',
];

/** Named tools that are also ordinary words: a tool only when written capitalised. */
export const ORDINARY_WORD_TOOLS = new Set([
  'illustrator', 'premiere', 'notion', 'excel', 'python', 'leonardo', 'otter', 'jasper', 'llama', 'mistral', 'bard',
  'firefly', 'descript', 'davinci', 'adobe', 'krea', 'grok',
]);

/** Generic tool words: a tool facet only when the unit also talks about using it. */
export const GENERIC_TOOLS = [
  'the tool', 'tool', 'tools', 'software', 'plugin', 'plugins', 'plug-in', 'plug-ins',
  'app', 'apps', 'assistant', 'program', 'platform', 'platforms', 'spreadsheet', 'spreadsheets', 'database',
];

/** The speaker using a tool (matched on lemmas too: "I've been using" -> "i have be use"). */
const USE_VERBS = ['use', 'ask', 'try', 'feed', 'rely', 'run', 'turn to', 'reach for', 'lean on',
  'experiment', 'plug', 'give it', 'have it', 'let it', 'get it to', 'work with', 'explore', 'consult',
  'upload', 'paste', 'tell it', 'go to', 'start use', 'begin use', 'test'];
export const USE_CUES = [
  ...['i', 'we', 'im', 'i ?', 'we ?', 'im ?', 'i ? ?', 'we ? ?'].flatMap((s) => USE_VERBS.map((v) => `${s} ${v}`)),
  'helped me', 'helps me', 'help me', 'gives me', 'gave me', 'for me', 'my use', 'i find it', 'i found it',
  'with the support of', 'with the help of', 'as a tool', 'helpful tool',
];

/** Verbs that state a thought or feeling, not something the speaker does. */
export const STATIVE_VERBS = new Set([
  'be', 'think', 'feel', 'know', 'believe', 'hope', 'want', 'like', 'love', 'guess', 'mean', 'suppose',
  'wish', 'need', 'have', 'see', 'say', 'understand', 'remember', 'imagine', 'expect', 'worry', 'agree',
  'appreciate', 'prefer', 'enjoy', 'hate', 'seem', 'wonder', 'doubt', 'find', 'would', 'could', 'can',
  'will', 'should', 'must', 'may', 'might', 'get', 'am', 'go', 'mention', 'consider',
  'talk', 'speak', 'tend', 'recognize', 'recognise', 'realize', 'realise', 'notice', 'struggle', 'admit', 'assume',
  'suspect', 'bet', 'reckon', 'care', 'mind', 'fear', 'trust', 'doubt',
]);

/** Verbs that take another verb: "I started using", "I tend to get stuck". */
export const CATENATIVE_ACTIONS = new Set(['start', 'begin', 'keep', 'continue', 'try', 'stop']);
export const CATENATIVE_STATIVES = new Set(['tend', 'want', 'like', 'love', 'need', 'hope', 'plan', 'prefer', 'hate']);

/** Endings of nouns that name a person by role or trade ("writer", "novelist", "director"). */
export const ROLE_NOUN = /(?:er|or|ist|ian|ant|eur|ess|man|woman|maker|smith)s?$/;

/** Nouns with those endings that are not roles. */
export const NOT_ROLES = new Set([
  'color', 'colour', 'error', 'factor', 'mirror', 'floor', 'door', 'behavior', 'behaviour', 'humor', 'honor', 'labor',
  'manner', 'matter', 'order', 'power', 'paper', 'number', 'user', 'answer', 'computer', 'other', 'letter', 'layer',
  'chapter', 'character', 'water', 'corner', 'center', 'centre', 'border', 'folder', 'filter', 'poster', 'banner',
  'cover', 'theater', 'theatre', 'whole', 'result', 'partner', 'collaborator', 'helper', 'starter', 'process',
  'business', 'success', 'access', 'progress', 'mess', 'stress', 'plant', 'assistant', 'tool', 'variant', 'fan',
  'human', 'woman', 'man', 'person', 'member', 'owner', 'beginner', 'newcomer', 'outsider', 'consumer', 'customer',
]);
