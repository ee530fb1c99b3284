/**
 * A step's committed result as one short log line for Bull Board ("stored 12, dropped 1,
 * themeIds 4"): its counts and the lengths of its id lists, nested stats flattened.
 */
export function summarizeResult(result: unknown, max = 8): string {
  const parts: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 1) return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'number' && Number.isFinite(v)) parts.push(`${key} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
      else if (Array.isArray(v)) parts.push(`${key} ${v.length}`);
      else walk(v, depth + 1);
    }
  };
  walk(result, 0);
  return parts.slice(0, max).join(', ');
}
