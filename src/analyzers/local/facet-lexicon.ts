import type { FacetKind } from '../../domain/analysis.js';

/**
 * Facet cues, matched on lemmas and on lower-cased surface words (whole words/phrases only).
 * Tuned ONLY on the creatives interviews; the scientists interviews are the held-out evaluation.
 * A cue is a space-separated phrase; `*` at the end of a word matches any suffix (frustrat*).
 */
export const FACET_CUES: Record<FacetKind, string[]> = {
  pain: [
    'frustrat*', 'annoy*', 'difficult', 'difficulty', 'struggle', 'struggling', 'problem', 'problematic',
    'issue', 'waste', 'wasting', 'tedious', 'hassle', 'bottleneck', 'time-consuming', 'time consuming',
    'overwhelm*', 'inaccurate', 'hallucinat*', 'unreliable', 'mistake', 'error', 'wrong', 'fail',
    'painful', 'pain', 'drawback', 'downside', 'limitation', 'worst', 'tiresome', 'exhausting',
    'generic', 'bland', 'soulless', 'clunky', 'useless', 'lack', 'not good', "doesn't work",
    'does not work', 'hard to', 'hard for', 'too much time', 'hate', 'letdown', 'disappoint*', 'struggled',
    'fall short', 'falls short', 'miss the mark', 'off the mark', 'repetitive', 'cliche', 'cliché',
    'burnout', 'burn out', 'stress', 'stressful', 'chore', 'grunt work', 'drudgery', 'obstacle', 'barrier',
  ],
  gain: [
    'save time', 'saves time', 'saved time', 'saving time', 'time saver', 'faster', 'quicker', 'speed up',
    'efficient', 'efficiency', 'productive', 'productivity', 'easier', 'convenient', 'helpful', 'useful',
    'benefit', 'advantage', 'improve', 'improved', 'boost', 'streamline', 'free up', 'frees up',
    'freed up', 'game changer', 'game-changer', 'lifesaver', 'huge help', 'really help', 'helps me',
    'helped me', 'made it possible', 'allow me', 'allows me', 'enable', 'enables', 'unblock*', 'jumpstart',
    'jump start', 'kickstart', 'great for', 'good for', 'works well', 'valuable',
  ],
  goal: [
    'want to', 'wanted to', 'need to', 'needed to', 'goal', 'aim', 'hope to', 'hoping to', 'trying to',
    'try to', 'would like', "i'd like", 'wish', 'plan to', 'planning to', 'aspire', 'aspiration',
    'in order to', 'so that', 'objective', 'ambition', 'dream', 'looking to', 'strive', 'intend',
  ],
  behavior: [
    'usually', 'always', 'often', 'sometimes', 'typically', 'tend to', 'regularly', 'daily', 'every day',
    'every time', 'routine', 'rarely', 'never', 'habit', 'mostly', 'occasionally', 'frequently',
    'i use', 'i used', 'i ask', 'i asked', 'i start', 'i go', 'i write', 'i try', 'i check', 'i just',
    'i have it', 'i had it', 'i let', 'i run', 'i feed', 'i prompt', 'i will use', 'i would use',
    "i'll use", "i'd use", 'i rely', 'i avoid', 'i stopped', 'i started', 'i tried',
  ],
  tool: [
    'chatgpt', 'gpt', 'claude', 'gemini', 'copilot', 'midjourney', 'dall-e', 'dalle', 'stable diffusion',
    'photoshop', 'lightroom', 'illustrator', 'premiere', 'after effects', 'canva', 'figma', 'notion',
    'grammarly', 'suno', 'udio', 'runway', 'firefly', 'perplexity', 'excel', 'word', 'google docs',
    'logic', 'ableton', 'pro tools', 'izotope', 'plugin', 'plug-in', 'software', 'app', 'tool', 'tools',
    'llm', 'llms', 'chatbot', 'model', 'generator', 'daw', 'procreate', 'blender', 'unity', 'python',
    'elevenlabs', 'sudowrite', 'novelai', 'leonardo', 'krea', 'capcut', 'davinci',
  ],
  workflow: [
    'workflow', 'process', 'step', 'first draft', 'draft', 'drafting', 'edit', 'editing', 'revise',
    'revision', 'iterate', 'iteration', 'brainstorm*', 'outline', 'outlining', 'research', 'review',
    'proofread*', 'pipeline', 'stage', 'phase', 'then i', 'after that', 'once i', 'before i',
    'finalize', 'polish', 'mock-up', 'mockup', 'prototype', 'sketch', 'storyboard', 'pre-production',
    'post-production', 'mix', 'mixing', 'mastering', 'ideation', 'organize', 'organizing',
  ],
  emotion: [
    'feel', 'felt', 'feeling', 'excited', 'exciting', 'anxious', 'anxiety', 'scared', 'scary', 'afraid',
    'fear', 'happy', 'sad', 'nervous', 'uncomfortable', 'comfortable', 'guilty', 'guilt', 'proud',
    'enjoy', 'love', 'hate', 'worried', 'worry', 'uneasy', 'satisfied', 'satisfying', 'fun', 'weird',
    'strange', 'conflicted', 'torn', 'relief', 'relieved', 'angry', 'upset', 'bothers me', 'bother',
    'frustrated', 'frustrating', 'overwhelmed', 'thrilled', 'grateful', 'ashamed', 'embarrass*',
    'depress*', 'sad', 'joy', 'delight*', 'resent*', 'cheat*', 'dread', 'icky', 'gross',
  ],
  value: [
    'important', 'importance', 'matter', 'matters', 'authentic', 'authenticity', 'integrity', 'ownership',
    'original', 'originality', 'craft', 'ethic*', 'moral*', 'principle', 'believe', 'belief', 'care about',
    'human touch', 'humanity', 'soul', 'honest', 'honesty', 'transparen*', 'credit', 'consent',
    'my voice', 'own voice', 'artistic', 'meaningful', 'value', 'values', 'respect', 'fair', 'unfair',
    'copyright', 'stolen', 'steal', 'theft', 'creative control', 'control', 'autonomy', 'quality',
  ],
  context: [
    "i'm a", 'i am a', 'i work as', 'work as a', 'my job', 'my role', 'my work', 'my company', 'my team',
    'my business', 'my clients', 'client', 'clients', 'freelance', 'freelancer', 'years', 'background',
    'industry', 'career', 'studio', 'agency', 'company', 'startup', 'full-time', 'part-time', 'hobby',
    'professional', 'profession', 'employer', 'university', 'school', 'student', 'teacher', 'lab',
  ],
};
