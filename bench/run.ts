import { runPipelineBench } from './pipeline.js';

await runPipelineBench();
process.exit(0);
