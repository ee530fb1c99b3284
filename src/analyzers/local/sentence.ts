// A sentence of analysed text and its tokens, as the local analyzer's NLP (nlp.ts) returns them.

export interface Token {
  /** Lower-cased surface form. */
  text: string;
  lemma: string;
  pos: string;
  stop: boolean;
  /** 'word', 'number', 'punctuation', 'emoji', ... */
  type: string;
}

export interface Sentence {
  /** [start, end) in the analysed text; text.slice(start, end) is the sentence. */
  start: number;
  end: number;
  text: string;
  tokens: Token[];
}
