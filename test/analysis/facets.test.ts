import { describe, expect, it } from 'vitest';
import { textView } from '../../src/analyzers/local/cues.js';
import { tagFacets } from '../../src/analyzers/local/facets.js';
import { sentences } from '../../src/analyzers/local/nlp.js';

function kinds(text: string): string[] {
  const toks = sentences(text).flatMap((s) => s.tokens);
  return tagFacets(textView(text, toks), toks, text).map((f) => f.kind);
}

describe('facet tagging', () => {
  it('finds pains, gains and emotions from lemmas as well as surface words', () => {
    expect(kinds('I struggled for weeks with the mixing.')).toContain('pain');
    expect(kinds('Honestly it saves me so much time on captions.')).toContain('gain');
    expect(kinds('I felt super guilty at first.')).toContain('emotion');
  });

  it('ignores negated pain and gain cues', () => {
    expect(kinds('This is not a wrong instinct per se.')).not.toContain('pain');
    expect(kinds("It wasn't helpful at all for lyrics.")).not.toContain('gain');
  });

  it('tags a generic tool word only when the speaker uses it or credits it', () => {
    expect(kinds('I use AI to draft my newsletter.')).toEqual(expect.arrayContaining(['tool', 'behavior']));
    expect(kinds('People keep talking about AI on the news.')).not.toContain('tool');
    expect(kinds('I tried Midjourney once.')).toContain('tool');
  });

  it('treats self-descriptions as context rather than behavior', () => {
    const k = kinds("I'm a freelance illustrator and I sell prints online.");
    expect(k).toContain('context');
    expect(k).not.toContain('behavior');
  });

  it('requires a first-person goal', () => {
    expect(kinds('We want a tagline that connects to customers.')).toContain('goal');
    expect(kinds('Readers want books for free.')).not.toContain('goal');
    expect(kinds('I wanted to run it by him, and he gave me some great advice.')).not.toContain('goal');
  });

  it('returns facets in the schema order with the matching phrase as value', () => {
    const toks = sentences('I use ChatGPT for brainstorming and it is frustrating.').flatMap((s) => s.tokens);
    const f = tagFacets(textView('I use ChatGPT for brainstorming and it is frustrating.', toks), toks, 'I use ChatGPT for brainstorming and it is frustrating.');
    expect(f.map((x) => x.kind)).toEqual(['pain', 'behavior', 'tool', 'workflow', 'emotion']);
    expect(f.find((x) => x.kind === 'tool')!.value).toBe('chatgpt');
  });

  it('gives facet values as noun phrases from the unit, not the cue that found them (issue 15)', () => {
    const values = (text: string) => {
      const toks = sentences(text).flatMap((s) => s.tokens);
      return Object.fromEntries(tagFacets(textView(text, toks), toks, text).map((f) => [f.kind, f.value]));
    };
    expect(values('I want to export assets for the client.').goal).toBe('exporting assets');
    expect(values("I'm a freelance illustrator.").context).toBe('freelance illustrator');
    expect(values('I also play guitar in a band.').behavior).toBe('playing guitar');
    expect(values('I do worry about the overall impact it will have.').pain).toBe('overall impact');
    for (const [kind, value] of Object.entries(values('I really want to finish my album this year, it is frustrating.'))) {
      expect(value, kind).not.toMatch(/^(?:i|my|we)\b/);
    }
  });

  it('finds tools by name without taking people, places or ordinary words for them (issue 15 item 5)', () => {
    expect(kinds('I asked about it in Gimp and listed the shop on Etsy.')).toContain('tool');
    expect(kinds('I use the CMS for every page.')).toContain('tool');
    expect(kinds('I think that notion of brand really helped us.')).not.toContain('tool');
    expect(kinds('I had a chat with him back in July and it helped me a lot.')).not.toContain('tool');
  });

  it('does not take another person\'s quoted words as the speaker\'s stance (issue 15 item 5)', () => {
    expect(kinds('I talk to friends and they\'re like "That is so frustrating for all of us."')).not.toContain('pain');
    expect(kinds('I was "frustrated" at first.')).toContain('pain');
  });

  it('counts only the speaker\'s own actual practice as behavior (issue 15 item 5)', () => {
    expect(kinds('I usually export the files to my editor.')).toContain('behavior');
    expect(kinds('I probably would have abandoned the idea and edited each one by hand.')).not.toContain('behavior');
    expect(kinds('I wish the tools had it built in so I could plug in the details.')).not.toContain('behavior');
    expect(kinds('Things like "I have a table with these columns" and so on.')).not.toContain('behavior');
    expect(kinds('So how do we not let those things consume us?')).not.toContain('behavior');
    expect(kinds('I just want to specify the size.')).not.toContain('behavior');
    expect(kinds('Before that, I would scroll through videos for hours.')).toContain('behavior');
    expect(kinds('I kept getting advice that did not fit.')).not.toContain('behavior');
    expect(kinds('I can ask about any minute detail.')).not.toContain('behavior');
    expect(kinds('I figure there will always be a need for it.')).not.toContain('behavior');
    expect(kinds('I do a lot of speaking at conferences.')).toContain('behavior');
    expect(kinds('So I find myself writing a lot of repetitive code.')).toContain('behavior');
    expect(kinds('Typically I\'m writing blog posts for businesses.')).toContain('behavior');
    expect(kinds('I\'m excited about that.')).not.toContain('behavior');
    expect(kinds('Even when I told it what it did wrong, it could not fix it.')).toContain('behavior');
  });

  it('takes value from a normative stance, not the word "important" anywhere (issue 15 item 5)', () => {
    expect(kinds('I think it is very important to be responsible for the work I put out.')).toContain('value');
    expect(kinds('Tools should be used with these skills, not relied on exclusively.')).toContain('value');
    expect(kinds('I plug in the important information and pull out the answer.')).not.toContain('value');
    expect(kinds('I think it should truly just be a helper and never a replacement.')).toContain('value');
    expect(kinds('Standing still is going backwards, so you have to keep updating your skills.')).toContain('value');
  });

  it('finds background, pains and gains said in everyday words (issue 15 item 5)', () => {
    expect(kinds('I was the only person in the office, so I could not ask my coworkers.')).toEqual(expect.arrayContaining(['context', 'pain']));
    expect(kinds('It definitely helps with the mental load of multitasking.')).toContain('gain');
    expect(kinds('The support tools my employer gives us are exceedingly poor.')).toContain('pain');
  });

  it('finds workflow in the stages of work, not in any "process" (issue 15 item 5)', () => {
    expect(kinds('I always double check the summary after though.')).toContain('workflow');
    expect(kinds('You never know going into the process of selling a house what you get.')).not.toContain('workflow');
  });

  it('takes a person\'s felt state as emotion whatever the adjective (issue 15 item 5)', () => {
    expect(kinds('And in doing that, I felt great the next day.')).toContain('emotion');
    expect(kinds('Feel free to message me if there are any questions.')).not.toContain('emotion');
    expect(kinds('Applications can feel substantially different on a phone.')).not.toContain('emotion');
  });

  it('does not take a problem the speaker solves as their pain (issue 15 item 5)', () => {
    expect(kinds('It helps me solve more complicated problems at work.')).not.toContain('pain');
    expect(kinds("We're solving real-world problems for software teams.")).not.toContain('pain');
    expect(kinds('The biggest problem is that it forgets what I said.')).toContain('pain');
  });

  it('takes the speaker\'s own dated history as context (issue 15 item 5)', () => {
    expect(kinds("In '97 Peter and I both stopped working on it.")).toContain('context');
    expect(kinds('Back when we were doing the first version in 2002, nobody paid for it.')).toContain('context');
    expect(kinds('It only adds the gatekeepers back in the mix.')).not.toContain('context');
    expect(kinds('The 2002 edition was published in 2004.')).not.toContain('context');
    expect(kinds('That is the paradigm that existed, I would say, in 2015.')).not.toContain('context');
    expect(kinds('I think in 2015 we were still three people.')).toContain('context');
  });

  it('takes making something act as the speaker\'s practice (issue 15 item 5)', () => {
    expect(kinds('I also occasionally get it to create short snippets.')).toContain('behavior');
    expect(kinds('I usually let it write the first version.')).toContain('behavior');
    expect(kinds('It takes time before I get it right.')).not.toContain('behavior');
  });

  it('takes an organisation\'s milestones as its history, context rather than behavior (issue 15 item 5)', () => {
    const k = kinds('At my last company we grew the team to 50 people over 12 years.');
    expect(k).toContain('context');
    expect(k).not.toContain('behavior');
    expect(kinds('When we raised our first round, we were already profitable.')).toContain('context');
    expect(kinds('We hired a veteran sales leader.')).not.toContain('context');
    const text = 'At my last company we grew the team to 50 people over 12 years.';
    const toks = sentences(text).flatMap((s) => s.tokens);
    expect(tagFacets(textView(text, toks), toks, text).find((f) => f.kind === 'context')?.value).toBe('growing team');
  });

  it('reads an emphatic "do" before wanting as a goal, not a practice (issue 15 item 5)', () => {
    const k = kinds('What I do wish is that the tools had it built in.');
    expect(k).toContain('goal');
    expect(k).not.toContain('behavior');
    expect(kinds('I do a lot of speaking at schools.')).toContain('behavior');
  });

  it('takes a benefit to others as no gain of the speaker\'s (issue 15 item 5)', () => {
    expect(kinds('They build great software that lots of people benefit from.')).not.toContain('gain');
    expect(kinds('I think the world can benefit.')).not.toContain('gain');
    expect(kinds('We all benefit from the shared library.')).toContain('gain');
    expect(kinds('It really benefits my students.')).toContain('gain');
  });

  it('reads "at once" as together, not as the order of the work (issue 15 item 5)', () => {
    expect(kinds("If I give all my questions at once, I know the response won't be detailed enough.")).not.toContain('workflow');
    expect(kinds('Once I have a draft, I send it to the editor.')).toContain('workflow');
  });
});
