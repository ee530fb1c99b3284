import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Runtime } from '../runtime/runtime.js';
import { loadProjectModel } from '../report/load.js';
import { renderProjectReport } from '../report/html/project-page.js';
import { renderMarkdown } from '../report/markdown.js';
import { CliError } from './cli-error.js';

/** Where `process` writes the report when no --out is given: beside the embedded data. */
export function defaultReportPath(dataDir: string, projectId: string): string {
  return path.resolve(dataDir, 'reports', `${projectId}.html`);
}

export function checkReportPaths(outs: string[]): void {
  for (const out of outs) {
    if (!/\.(html?|md|markdown)$/i.test(out)) throw new CliError(`--out must end in .html or .md, got ${out}`);
  }
}

/**
 * Writes the project's report as one self-contained file per path (.html or .md). Quotes of a
 * recording link to it on this machine (file URL) or at its own URL, so they play offline.
 */
export async function writeReportFiles(rt: Runtime, projectId: string, outs: string[]): Promise<string[]> {
  const report = await rt.store.getProjectReport(projectId);
  if (!report) throw new CliError(`project ${projectId} not found`);
  const media = new Map<string, string>();
  for (const i of report.interviews.filter((x) => x.hasMedia)) {
    const m = await rt.store.getInterviewMedia(i.id);
    if (m?.source.kind === 'url') media.set(i.id, m.source.url);
    if (m?.source.kind === 'media') {
      const file = await rt.mediaStore.localFile(m.source.path).catch(() => null);
      if (file) media.set(i.id, pathToFileURL(file.path).href);
    }
  }
  const model = await loadProjectModel(rt.store, projectId, {
    links: { media: (id) => media.get(id) ?? null, interview: () => null },
  });
  const written: string[] = [];
  for (const out of outs) {
    const file = path.resolve(out);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, /\.md|\.markdown$/i.test(out) ? renderMarkdown(model!) : renderProjectReport(model!));
    written.push(file);
  }
  return written;
}
