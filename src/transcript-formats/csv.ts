import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InvalidInputError } from '../domain/errors.js';

/** One interview per row of a `transcript_id,text` CSV (the Anthropic Interviewer layout). */
export interface CsvTranscript {
  id: string;
  text: string;
}

export function parseTranscriptCsv(content: string, source = 'CSV'): CsvTranscript[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(content, { columns: true, bom: true, skip_empty_lines: true, trim: false }) as Record<string, string>[];
  } catch (err) {
    throw new InvalidInputError(`${source}: not a valid CSV file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const idColumn = ['transcript_id', 'id'].find((c) => columns.includes(c));
  if (!idColumn || !columns.includes('text')) {
    throw new InvalidInputError(
      `${source}: expected columns "transcript_id" and "text", found ${columns.length ? columns.map((c) => `"${c}"`).join(', ') : 'no rows'}`,
    );
  }
  return rows.map((row, i) => {
    const id = (row[idColumn] ?? '').trim();
    // header is record 1, so data row i is CSV record i + 2
    if (!id) throw new InvalidInputError(`${source}: record ${i + 2} has an empty ${idColumn}`);
    return { id, text: row.text ?? '' };
  });
}

export async function readTranscriptCsv(path: string): Promise<CsvTranscript[]> {
  return parseTranscriptCsv(await readFile(path, 'utf8'), path);
}
