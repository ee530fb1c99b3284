/** Longest interview title kept in a job name (Bull Board shows the name in one line). */
const MAX_TITLE = 80;

/**
 * A BullMQ job's name as an operator reads it in Bull Board: the step (or queue) and what it
 * works on, e.g. "evidence · Interview with Ana". Untitled interviews show their id's start.
 * Nothing relies on a job's name: workers dispatch by queue, and job data carries the ids.
 */
export function stepJobName(step: string, subject: { interviewId: string; title?: string | null | undefined }): string {
  const title = subject.title?.replace(/\s+/g, ' ').trim();
  const what = title ? (title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title) : `interview ${subject.interviewId.slice(0, 8)}`;
  return `${step} · ${what}`;
}
