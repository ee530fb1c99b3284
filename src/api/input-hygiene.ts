import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

/** Deeper JSON than this is refused: nothing the API takes nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses text Postgres cannot store or that is not text at all: NUL (Postgres text and jsonb
 * reject \u0000) and lone UTF-16 surrogates (not encodable as UTF-8). Also bounds nesting. The
 * 400 names the field, so the caller can fix it. Iterative: a 10,000-level body must not
 * exhaust the stack.
 */
export function checkJsonInput(value: unknown, root = 'body', maxDepth = MAX_JSON_DEPTH): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      checkText(v, path);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) throw new HttpError(400, 'too_deep', `${path}: nested deeper than ${maxDepth} levels`, { field: path });
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, item] of Object.entries(v)) {
        checkText(k, `${path} (a key)`);
        stack.push({ v: item, path: `${path}.${k}`, depth: depth + 1 });
      }
    }
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkText(text: string, field: string): void {
  if (text.includes('\u0000')) throw new HttpError(400, 'invalid_text', `${field}: contains a NUL character (\\u0000)`, { field });
  if (LONE_SURROGATE.test(text)) throw new HttpError(400, 'invalid_text', `${field}: contains an unpaired UTF-16 surrogate`, { field });
}

/** After the JSON parser: checks the body and the query string. */
export const inputHygiene: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined) checkJsonInput(req.body);
  checkJsonInput(req.query, 'query');
  next();
};
