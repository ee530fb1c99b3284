// Tuning aid (tuning sets only): for each labelled pair of a free conversation, the participant turns
// ranked by answer-turns.ts's turn score, labelled ones marked, with the parts of the score (the
// exchange's, the reply's and the host question's topic coverage, closeness), the turn's length and
// the host question before it, to see why a wrong turn outranks the labelled ones.
//   tsx scripts/eval/answers-why.ts <set> [questionId] [interviewId] [--top=N]
import { frameWords, topicCoverage } from '../../src/analyzers/local/answer-topic.js';
import { answerSet } from './answers-cache.js';
import { freeConversations, turnScores } from './free-turns.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 6);
const { qa, ivs, outputs, questions } = await answerSet(args[0] ?? 'founders');
const frame = frameWords(questions.map((q) => q.text));
for (const c of freeConversations({ ivs, outputs }, args[2])) {
  const { iv, prompts, units, turns, byId } = c;
  const hostBefore = (index: number) => [...iv.utterances].filter((u) => u.index < index && u.role === 'interviewer').at(-1);
  questions.forEach((q, qi) => {
    const qid = qa.questions[qi]!.id;
    if (args[1] && qid !== args[1]) return;
    const labelled = qa.interviews[iv.id]![qid]!;
    if (labelled.length === 0) return;
    const { topic, scores } = turnScores(c, q.text, frame);
    const ranked = [...scores].sort((a, b) => b[1].score - a[1].score);
    console.log(`== ${qid} ${iv.id} labelled [${labelled.join(',')}] topic ${topic.map((s) => (s.frame ? '(frame)' : '') + [...s.same].join('|')).join(', ')}`);
    ranked.forEach(([id, s], rank) => {
      const u = byId.get(id)!;
      const good = labelled.includes(u.index);
      if (rank >= top && !good) return;
      const t = turns.get(id)!;
      const own = topicCoverage(topic, t.bag);
      const pc = prompts.get(id) ? topicCoverage(topic, prompts.get(id)!.bag) : 0;
      const host = hostBefore(u.index);
      console.log(`  #${rank + 1} u${u.index} ${good ? '✓' : '✗'} score ${s.score.toFixed(2)} exch ${s.coverage.toFixed(2)} own ${own.toFixed(2)} prompt ${pc.toFixed(2)} words ${u.text.split(/\s+/).length} units ${units.filter((x) => x.utteranceId === id).length}`);
      const said = topic.filter((sl) => !sl.frame).map((sl) => [...t.bag.lemmas].filter((l) => sl.same.has(l)).join('|') || (sl.phrases.some((ph) => topicCoverage([{ ...sl, same: new Set() }], t.bag) > 0) ? 'phrase' : '-')).join(', ');
      const asked = prompts.get(id) ? topic.filter((sl) => !sl.frame).map((sl) => (topicCoverage([sl], prompts.get(id)!.bag) > 0 ? '+' : '-')).join('') : 'none';
      console.log(`      slots said: ${said}; host question fills: ${asked}`);
      console.log(`      host: ${host?.text.replace(/\s+/g, ' ').slice(0, 160) ?? '-'}`);
      console.log(`      turn: ${u.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    });
  });
}
