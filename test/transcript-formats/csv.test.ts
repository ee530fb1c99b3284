import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.js';
import { readTranscriptCsv } from '../../src/transcript-formats/index.js';

const dir = mkdtempSync(join(tmpdir(), 'iflow-csv-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('readTranscriptCsv', () => {
  it('reads transcript_id,text rows with quoted multi-line text, BOM and CRLF', async () => {
    const p = file('ok.csv', '\uFEFFtranscript_id,text\r\nt1,"AI: Hi?\r\n\r\nUser: Hello, ""friend""."\r\nt2,"AI: Bye?\n\nUser: Bye."\r\n');
    expect(await readTranscriptCsv(p)).toEqual([
      { id: 't1', text: 'AI: Hi?\r\n\r\nUser: Hello, "friend".' },
      { id: 't2', text: 'AI: Bye?\n\nUser: Bye.' },
    ]);
  });

  it('a clear error when the columns are missing or a row has no id', async () => {
    await expect(readTranscriptCsv(file('cols.csv', 'name,body\na,b\n'))).rejects.toThrow(/expected columns "transcript_id" and "text", found "name", "body"/);
    await expect(readTranscriptCsv(file('empty.csv', ''))).rejects.toThrow(InvalidInputError);
    await expect(readTranscriptCsv(file('noid.csv', 'transcript_id,text\nt1,x\n,y\n'))).rejects.toThrow(/record 3 has an empty transcript_id/);
    await expect(readTranscriptCsv(file('broken.csv', 'transcript_id,text\nt1,"unterminated\n'))).rejects.toThrow(/not a valid CSV/);
  });
});
