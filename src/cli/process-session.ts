import path from 'node:path';

/** A new project's name: what was processed, and when. */
export function projectName(inputs: string[], now = new Date()): string {
  const what = inputs.map((i) => (/^https?:/i.test(i) ? i : path.basename(path.resolve(i)))).join(', ');
  return `${what.length > 80 ? `${what.slice(0, 79)}…` : what} · ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How to continue after Ctrl-C: the same inputs into the same project add nothing twice. */
export function resumeHint(inputs: string[], opts: Record<string, unknown>, projectId: string): string {
  const quote = (s: string) => (/^[\w./:@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const flags = Object.entries(opts)
    .filter(([k, v]) => k !== 'project' && v !== undefined && v !== false)
    .flatMap(([k, v]) => {
      const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      if (v === true) return [flag];
      return [flag, ...(Array.isArray(v) ? v.map(String) : [String(v)]).map(quote)];
    });
  return `interrupted: finished interviews are saved. To continue where this run stopped:\n  interview-flow process ${[...inputs.map(quote), ...flags, '--project', projectId].join(' ')}`;
}

/** Prints `message()` on the first Ctrl-C (the drain that follows is onShutdown's). */
export function onInterrupt(message: () => string): void {
  process.once('SIGINT', () => console.error(`\n${message()}`));
}
