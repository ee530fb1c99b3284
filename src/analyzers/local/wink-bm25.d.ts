// Minimal typings for wink-bm25-text-search (the package ships none).
declare module 'wink-bm25-text-search' {
  interface BM25Config {
    fldWeights: Record<string, number>;
    bm25Params?: { k1?: number; b?: number; k?: number };
    ovFldNames?: string[];
  }
  interface BM25Engine {
    defineConfig(cfg: BM25Config): boolean;
    definePrepTasks(tasks: Array<(input: string) => string[]>, field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): Array<[string, number]>;
  }
  function bm25(): BM25Engine;
  export default bm25;
}
