import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi/dist/index.mjs';
import { z } from 'zod';
import { CreateInterviewBody, ResumeBody } from './schemas.js';
import {
  AnalysisJobPage, ErrorResponse, InterviewPage, JobResponse, ListParams, ProjectPage, SubmittedResponse,
} from './public-schemas.js';
import { InterviewListParams, JobListParams } from './routes/project-lists.js';
import { ProjectAnswersResponse } from './project-answers.js';
import { ProjectPersonasResponse, ProjectThemesResponse } from './project-study.js';
import { Estimate, EstimateRequest } from '../domain/estimate.js';
import { registerWebhookPaths } from './openapi-webhooks.js';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with, so the
 * document cannot drift from what the API accepts. Served at /openapi.json.
 */
export function buildOpenApi(version: string): object {
  const r = new OpenAPIRegistry();
  const Error = ErrorResponse.meta({ id: 'Error' });
  const Job = JobResponse.meta({ id: 'AnalysisJob' });
  const Submitted = SubmittedResponse.meta({ id: 'Submitted' });
  const Id = z.object({ id: z.uuid() });
  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const errors = {
    400: json(Error, 'invalid request (the message names the field)'),
    404: json(Error, 'no such resource in your account'),
  };

  r.registerPath({
    method: 'post', path: '/v1/interviews', tags: ['interviews'],
    summary: 'Submit an interview (a transcript, a media URL, or a multipart upload with one file)',
    description: 'Starts its analysis. With an `Idempotency-Key` header or an `externalId` (unique per project) a repeated submission returns the first interview with 200 and `Idempotent-Replayed: true`; a second interview is never created.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
      body: { content: { 'application/json': { schema: CreateInterviewBody }, 'multipart/form-data': { schema: CreateInterviewBody.extend({ file: z.string().describe('a recording or a transcript file') }) } } },
    },
    responses: {
      202: json(Submitted, 'accepted: analysis started'),
      200: json(Submitted, 'the idempotency key was used before: the first submission'),
      400: errors[400], 409: json(Error, 'a concurrent request with the same key is still running'), 413: json(Error, 'upload too large'),
    },
  });
  r.registerPath({
    method: 'post', path: '/v1/estimates', tags: ['interviews'],
    summary: 'Expected LLM calls, tokens and cost per step for the configured models, before running',
    description: 'From the transcripts alone: nothing is stored and no provider is called. Evidence prompts are rendered and counted with the model\'s tokenizer; the later steps add the expected evidence to their rendered prompts.',
    request: { body: { content: { 'application/json': { schema: EstimateRequest } } } },
    responses: { 200: json(Estimate.meta({ id: 'Estimate' }), 'the estimate'), 400: errors[400] },
  });
  r.registerPath({
    method: 'get', path: '/v1/interviews/{id}', tags: ['interviews'], summary: 'The interview with evidence, insights, people, personas and answers',
    request: { params: Id }, responses: { 200: json(z.record(z.string(), z.unknown()), 'the interview report'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/interviews/{id}/report', tags: ['reports'], summary: 'The interview page (HTML): answers, themes, highlighted transcript, run timeline',
    request: { params: Id }, responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } }, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/interviews/{id}/media', tags: ['reports'], summary: 'The recording, with HTTP range requests',
    request: { params: Id, headers: z.object({ range: z.string().optional() }) },
    responses: { 200: { description: 'the whole file' }, 206: { description: 'the requested byte range' }, 302: { description: 'the recording\'s own URL (submitted as mediaUrl)' }, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/analysis-jobs/{id}', tags: ['analysis jobs'], summary: 'Status (first), progress, steps, usage',
    request: { params: Id }, responses: { 200: json(Job, 'the analysis job'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/analysis-jobs/{id}/events', tags: ['analysis jobs'], summary: 'Live progress (Server-Sent Events)',
    description: 'Events: `job` (the analysis job as GET returns it) on every step start, progress, completion and failure; the stream ends after the job completes or fails. Fed by BullMQ queue events, not polling.',
    request: { params: Id }, responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errors },
  });
  r.registerPath({
    method: 'post', path: '/v1/analysis-jobs/{id}/resume', tags: ['analysis jobs'], summary: 'Start a new run with the unfinished steps',
    request: { params: Id, body: { content: { 'application/json': { schema: ResumeBody } } } },
    responses: { 202: json(z.object({ runNo: z.number().int(), steps: z.array(z.string()) }), 'run started'), 409: json(Error, 'a run is live, or nothing is left to run'), ...errors },
  });
  r.registerPath({
    method: 'post', path: '/v1/analysis-jobs/{id}/cancel', tags: ['analysis jobs'], summary: 'Cancel the live run (running steps aborted, pending jobs removed; resume continues it)',
    request: { params: Id },
    responses: {
      202: json(z.object({ analysisJobId: z.string(), runNo: z.number().int(), status: z.literal('cancelled') }), 'run cancelled'),
      409: json(Error, 'no run is live (code not_live)'), ...errors,
    },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects', tags: ['projects'], summary: 'Your projects, oldest first (cursor pagination)',
    request: { query: ListParams }, responses: { 200: json(ProjectPage.meta({ id: 'ProjectPage' }), 'a page'), 400: errors[400] },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/interviews', tags: ['projects'], summary: 'A project\'s interviews, filterable by status',
    request: { params: Id, query: InterviewListParams }, responses: { 200: json(InterviewPage.meta({ id: 'InterviewPage' }), 'a page'), 400: errors[400] },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/analysis-jobs', tags: ['projects'], summary: 'A project\'s analysis jobs, filterable by status',
    request: { params: Id, query: JobListParams }, responses: { 200: json(AnalysisJobPage.meta({ id: 'AnalysisJobPage' }), 'a page'), 400: errors[400] },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/events', tags: ['projects'], summary: 'Live progress of every analysis job of the project (Server-Sent Events)',
    description: 'Events: `job` (an analysis job of the project, as GET returns it) whenever one changes. Stays open until the client disconnects.',
    request: { params: Id }, responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/themes', tags: ['projects'], summary: 'Themes by prevalence (interviews, participants) with their quotes, and the study-level themes of the latest committed synthesis',
    description: '`data` are the per-interview themes merged by name (quotes resolved); `study` the study-level themes (prevalence, a quote, supporting and counter evidence with their quotes, merged codes), empty before the first synthesis; `synthesis` names the run they come from.',
    request: { params: Id }, responses: { 200: json(ProjectThemesResponse.meta({ id: 'ProjectThemes' }), 'per-interview and study-level themes'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/personas', tags: ['projects'], summary: 'Personas with members and their quotes, and the study-level personas of the latest committed synthesis',
    description: '`data` are the per-interview personas merged by name (members carry `quotes`); `study` the study-level personas (goals and pains with their quotes, members with the reason each belongs and their quotes), empty before the first synthesis; `synthesis` names the run they come from.',
    request: { params: Id }, responses: { 200: json(ProjectPersonasResponse.meta({ id: 'ProjectPersonas' }), 'per-interview and study-level personas'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/answers', tags: ['projects'],
    summary: 'Research questions with every interview\'s answer and its quotes, and the study-level answer of the latest committed synthesis',
    description: 'Each question\'s `answers` are the per-interview answers (quotes resolved); `study` is the study-level answer (status, summary, sentences with the quotes they cite and how many participants support them), null before the first synthesis; `synthesis` names the run it comes from.',
    request: { params: Id }, responses: { 200: json(ProjectAnswersResponse.meta({ id: 'ProjectAnswers' }), 'questions with per-interview and study-level answers'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/projects/{id}/report', tags: ['reports'], summary: 'The research report (HTML, or Markdown with ?format=md); opens from a signed link without a header',
    request: { params: Id, query: z.object({ format: z.enum(['html', 'md']).optional() }) },
    responses: { 200: { description: 'the report', content: { 'text/html': { schema: z.string() }, 'text/markdown': { schema: z.string() } } }, ...errors },
  });
  registerWebhookPaths(r, json, errors);

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'interview-flow API', version,
      description: 'Turns research interviews into evidence, themes, personas and answers. Errors are always `{ "error": { "code", "message", "details"? } }`. '
        + 'Every call needs `Authorization: Bearer <API key or JWT>`, except a signed link (`?exp=..&sig=..`, returned as `links.report`), which opens one report or recording with GET until it expires (401 `link_expired`; altered or reused for another resource: 403 `invalid_signature`).',
    },
    servers: [{ url: '/' }],
  });
}
