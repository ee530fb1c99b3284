import express, { Router } from 'express';
import { createRequire } from 'node:module';
import { buildOpenApi } from '../openapi.js';

const require = createRequire(import.meta.url);
/** swagger-ui-dist's files, served from this server (no CDN: the docs work offline). */
const SWAGGER_UI_DIR = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
const VERSION = (require('../../../package.json') as { version: string }).version;

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>interview-flow API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** GET /openapi.json (OpenAPI 3.1 from the zod schemas) and /docs (Swagger UI from local assets). */
let doc: object | null = null; // built once per process: schema ids are registered globally

export function docsRouter(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    doc ??= buildOpenApi(VERSION);
    res.json(doc);
  });
  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'").type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => { res.type('js').send(INIT); });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' }));
  return router;
}
