// Prints interviews' turns (index, role, text) for labelling which turns answer which question:
//   tsx scripts/eval/dump-turns.ts <set> <interview indexes a,b> [max chars per turn]
import { loadDataset, type DatasetName } from './dataset.js';
const ds = loadDataset(process.argv[2] as DatasetName);
const max = Number(process.argv[4] ?? 400);
for (const i of process.argv[3]!.split(',').map(Number)) {
  const iv = ds[i]!;
  console.log(`=== ${iv.id}`);
  for (const u of iv.utterances) {
    const t = u.text.replace(/\s+/g, ' ');
    console.log(`${u.index} ${u.role === 'interviewer' ? 'Q' : 'P'}: ${t.length > max ? t.slice(0, max) + '…' : t}`);
  }
}
