import type { Store } from '../ports/store.js';
import type { ReportLinks, ReportModel } from './model.js';
import { projectModel, type ProjectModelOptions } from './project-model.js';
import { renderInterviewReport } from './html/interview-page.js';

/** The project's report model, or null when there is no such project. */
export async function loadProjectModel(store: Store, projectId: string, opts: ProjectModelOptions): Promise<ReportModel | null> {
  const [report, synthesis] = await Promise.all([store.getProjectReport(projectId), store.getProjectSynthesis(projectId)]);
  return report ? projectModel(report, opts, synthesis) : null;
}

/** One interview's report page, or null when there is no such interview. */
export async function loadInterviewPage(store: Store, interviewId: string, links: ReportLinks & { project(projectId: string): string | null }): Promise<string | null> {
  const report = await store.getInterviewReport(interviewId);
  if (!report) return null;
  const [utterances, job, media] = await Promise.all([
    store.loadUtterances(interviewId),
    report.analysisJobId ? store.getAnalysisJob(report.analysisJobId) : Promise.resolve(null),
    store.getInterviewMedia(interviewId),
  ]);
  const hasMedia = media?.source.kind === 'media' || media?.source.kind === 'url';
  return renderInterviewReport({
    report, utterances, job,
    mediaHref: hasMedia ? links.media(interviewId) : null,
    projectHref: links.project(report.projectId),
  });
}
