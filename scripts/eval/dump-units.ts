// Dumps candidate units (text only, no facets) for labelling.
import { segmentUtterance } from '../../src/analyzers/local/segment.js';
import { loadDataset, type DatasetName } from './dataset.js';
const name = process.argv[2] as DatasetName;
const picks = process.argv[3]!.split(',').map(Number);
const per = Number(process.argv[4] ?? 4);
const ds = loadDataset(name);
for (const i of picks) {
  const iv = ds[i]!;
  const units = iv.utterances.filter((u) => u.role === 'participant').flatMap((u) => segmentUtterance(u));
  const step = Math.max(1, Math.floor(units.length / per));
  for (let k = 1, n = 0; k < units.length && n < per; k += step, n++) {
    const u = units[k]!;
    console.log(JSON.stringify({ interviewId: iv.id, utteranceIdx: u.utterance.index, text: u.text }));
  }
}
