// Samples evidence-candidate units for labelling (text only, no analyzer output shown):
//   tsx scripts/eval/sample-units.ts <set> <units per interview> <interview indexes a,b,c>
// Every k-th participant unit of each chosen interview, so labels spread over whole interviews.
import { segmentUtterance } from '../../src/analyzers/local/segment.js';
import { loadDataset, type DatasetName } from './dataset.js';
const [name, perArg, picksArg] = process.argv.slice(2) as [DatasetName, string, string];
const ds = loadDataset(name);
const per = Number(perArg);
for (const i of picksArg.split(',').map(Number)) {
  const iv = ds[i]!;
  const units = iv.utterances.filter((u) => u.role === 'participant').flatMap((u) => segmentUtterance(u));
  const step = units.length / per;
  for (let n = 0; n < per && n * step < units.length; n++) {
    const u = units[Math.floor(n * step + step / 2)]!;
    console.log(JSON.stringify({ interviewId: iv.id, utteranceIdx: u.utterance.index, text: u.text }));
  }
}
