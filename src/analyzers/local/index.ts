export { LocalAnalyzer, type LocalAnalyzerOptions } from './local-analyzer.js';
export { ThreadedLocalAnalyzer, type ThreadedLocalAnalyzerOptions } from './threaded-analyzer.js';
