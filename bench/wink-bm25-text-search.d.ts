// The package ships no types; this covers the part of its API the bench uses (see its README).
declare module 'wink-bm25-text-search' {
  interface WinkBm25Engine {
    defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
    definePrepTasks(tasks: ((input: any) => any)[], field?: string): number;
    addDoc(doc: Record<string, unknown>, uniqueId: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): [string, number][];
  }
  function bm25(): WinkBm25Engine;
  export default bm25;
}
