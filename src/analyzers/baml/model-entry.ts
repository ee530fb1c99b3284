/**
 * A model's entry in a table keyed by model name (prices, context windows): the exact name, then
 * the name without its provider path ("openrouter/openai/gpt-4o" -> "gpt-4o"), then the longest
 * key the name starts with before "-" or ":" (dated and tagged versions, "gpt-4o-2024-08-06").
 */
export function modelEntry<T>(table: Record<string, T>, model: string): T | undefined {
  const exact = table[model];
  if (exact) return exact;
  const name = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  if (table[name]) return table[name];
  const prefix = Object.keys(table)
    .filter((k) => name.startsWith(`${k}-`) || name.startsWith(`${k}:`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix] : undefined;
}
