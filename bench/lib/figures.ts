/**
 * The bench's result sheet: every figure with its unit, an optional target and whether it is
 * met. Figures are printed as they are measured (so a long run shows progress) and again as one
 * table at the end.
 */
export interface Target {
  /** Human form, e.g. ">= 25% of raw BullMQ". */
  text: string;
  met: boolean;
}

export interface Figure {
  name: string;
  value: string;
  target?: Target | undefined;
}

export class FigureSheet {
  readonly figures: Figure[] = [];

  add(name: string, value: string, target?: Target): void {
    const f: Figure = { name, value, target };
    this.figures.push(f);
    console.log(`  ${format(f)}`);
  }

  /** The closing table: one line per figure, then a count of targets met. */
  print(): void {
    const width = Math.max(...this.figures.map((f) => f.name.length));
    console.log('\n=== interview-flow bench: all figures from this run ===');
    for (const f of this.figures) console.log(format(f, width));
    const targets = this.figures.filter((f) => f.target);
    const met = targets.filter((f) => f.target!.met).length;
    console.log(`targets met: ${met}/${targets.length}`);
  }
}

function format(f: Figure, width = 0): string {
  const target = f.target ? `   target ${f.target.text}: ${f.target.met ? 'MET' : 'NOT MET'}` : '';
  return `${f.name.padEnd(width)}  ${f.value}${target}`;
}

export const fmt = {
  rate: (n: number, unit = '/s') => `${n.toFixed(n >= 100 ? 0 : 1)}${unit}`,
  ms: (n: number) => `${n.toFixed(n >= 100 ? 0 : 1)} ms`,
  pct: (x: number) => `${(100 * x).toFixed(0)}%`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
};
