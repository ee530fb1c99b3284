export { LocalAnalyzer, type LocalAnalyzerOptions } from './local-analyzer.js';
