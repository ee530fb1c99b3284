// Role inference against each set's documented interviewer labels: prints mismatching speakers.
import { DATASETS, KNOWN_INTERVIEWERS, datasetAvailable, loadDataset, type DatasetName } from './dataset.js';
for (const name of Object.keys(DATASETS) as DatasetName[]) {
  if (!datasetAvailable(name)) { console.log(`${name}: data absent`); continue; }
  const known = new Set(KNOWN_INTERVIEWERS[name].map((s) => s.toLowerCase()));
  let bad = 0, speakers = 0;
  for (const iv of loadDataset(name)) {
    const roles = new Map(iv.utterances.map((u) => [u.speaker, u.role]));
    for (const [s, r] of roles) {
      speakers++;
      const truth = known.has(s.toLowerCase()) ? 'interviewer' : 'participant';
      if (truth !== r) { bad++; console.log(`  ${name} ${iv.id}: ${s} inferred ${r}, is ${truth}`); }
    }
  }
  console.log(`${name}: ${bad} of ${speakers} speakers misclassified`);
}
