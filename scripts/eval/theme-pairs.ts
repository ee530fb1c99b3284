// Writes (project theme, quote) pairs to label for theme-quote fit, WITHOUT printing any metric, so
// evaluation-set pairs can be judged blind:  tsx scripts/eval/theme-pairs.ts <set> <out.jsonl>
// 3 evenly spaced supporting quotes of each of the 20 largest study-level themes (quality.ts samplePairs).
import { writeFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, type DatasetName } from './dataset.js';
import { runProject } from './project.js';
import { samplePairs } from './quality.js';

const [name, file] = process.argv.slice(2) as [DatasetName, string];
const out = await runProject(new LocalAnalyzer(), loadDataset(name), [], name);
writeFileSync(file, samplePairs(out, 20, 3).map((p) => JSON.stringify(p)).join('\n') + '\n');
console.log(`wrote ${file}`);
