import type { Request } from 'express';
import type { Runtime } from '../runtime/runtime.js';
import type { InterviewSubmission } from '../flows/submit-interview.js';
import { InvalidInputError } from '../domain/errors.js';
import { checkMediaUrl, classifyUpload, receiveUpload } from '../media/index.js';
import { CreateInterviewBody } from './schemas.js';
import { HttpError } from './errors.js';
import { checkJsonInput } from './input-hygiene.js';
import { defaultProjectFor } from '../auth/default-project.js';

/**
 * Form fields that carry JSON (lists and objects) in a multipart upload. Not `transcript`: a
 * plain transcript may start with `[00:00:05]`; the transcript parser detects JSON itself.
 */
const JSON_FIELDS = new Set(['interviewers', 'questions', 'metadata', 'codebook']);

/**
 * Turns POST /v1/interviews (JSON, or multipart with one file) into a submission. An uploaded
 * file is streamed to the media store, then classified from its bytes: a transcript file
 * becomes the transcript, audio/video becomes the interview's media. Nothing is kept when the
 * request is refused.
 */
export async function readInterviewRequest(req: Request, rt: Runtime, accountId: string): Promise<InterviewSubmission> {
  if (req.is('multipart/form-data')) return readMultipart(req, rt, accountId);
  if (!req.is('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'send JSON (application/json) or a multipart/form-data upload');
  }
  const body = parseBody(req.body ?? {}, accountId);
  if (body.mediaUrl !== undefined) await checkMediaUrl(body.mediaUrl, rt.mediaUrlPolicy);
  return toSubmission(rt, accountId, body, body.mediaUrl !== undefined ? { kind: 'url', url: body.mediaUrl } : undefined);
}

/**
 * The account is the credential's. `accountId` in a body is accepted only when it names that
 * same account (older clients send it); another account is a 403, never a silent switch.
 */
function parseBody(raw: unknown, accountId: string): CreateInterviewBody {
  const body = CreateInterviewBody.parse(raw);
  if (body.accountId !== undefined && body.accountId.toLowerCase() !== accountId.toLowerCase()) {
    throw new HttpError(403, 'forbidden', '`accountId` must be omitted or name the account of your credential');
  }
  return body;
}

async function readMultipart(req: Request, rt: Runtime, accountId: string): Promise<InterviewSubmission> {
  const { fields, file } = await receiveUpload(req, rt.mediaStore, { maxBytes: rt.config.maxUploadBytes, requireFile: false });
  try {
    const parsed = parseFields(fields);
    checkJsonInput(parsed);
    const body = parseBody(parsed, accountId);
    if (!file) {
      if (body.mediaUrl !== undefined) await checkMediaUrl(body.mediaUrl, rt.mediaUrlPolicy);
      return toSubmission(rt, accountId, body, body.mediaUrl !== undefined ? { kind: 'url', url: body.mediaUrl } : undefined);
    }
    if (body.transcript !== undefined || body.mediaUrl !== undefined) {
      throw new InvalidInputError('send either a file or `transcript`/`mediaUrl`, not both');
    }
    const local = await rt.mediaStore.localFile(file.path);
    const kind = await classifyUpload(local.path).finally(() => local.release());
    if (kind.kind === 'text') {
      await rt.mediaStore.remove(file.path);
      // a transcript file may carry NUL bytes (bad exports): text formats allow dropping them
      return toSubmission(rt, accountId, { ...body, transcript: kind.text.replaceAll('\u0000', '') }, undefined);
    }
    return toSubmission(rt, accountId, body, { kind: 'media', path: file.path, mimeType: kind.media.mimeType, originalName: file.originalName });
  } catch (err) {
    if (file) await rt.mediaStore.remove(file.path).catch(() => {});
    throw err;
  }
}

function parseFields(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (JSON_FIELDS.has(name) && /^\s*[[{]/.test(value)) {
      try {
        out[name] = JSON.parse(value);
      } catch {
        throw new InvalidInputError(`form field \`${name}\` is not valid JSON`);
      }
    } else if (name === 'interviewers') {
      out[name] = value.split(',').map((s) => s.trim()).filter(Boolean);
    } else {
      out[name] = value;
    }
  }
  return out;
}

function toSubmission(rt: Runtime, accountId: string, body: CreateInterviewBody, media: InterviewSubmission['media']): InterviewSubmission {
  const list = Array.isArray(body.transcript);
  return {
    accountId,
    projectId: body.projectId ?? defaultProjectFor(accountId, rt.config),
    title: body.title,
    transcript: list ? JSON.stringify(body.transcript) : (body.transcript as string | undefined),
    transcriptFormat: list ? 'json' : body.transcriptFormat,
    media,
    interviewers: body.interviewers,
    questions: body.questions,
    customInstructions: body.customInstructions,
    codebook: body.codebook,
    metadata: body.metadata,
    idempotencyKey: body.externalId,
  };
}
