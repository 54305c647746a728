// /api/v1: Plane's public REST API (../shared/plane-api-v1.md). One encapsulated context with its own
// auth (X-Api-Key), error shapes and serializer; the OpenAPI document is collected from its routes.
import type { FastifyInstance } from 'fastify';
import { registerApiKeyAuth } from './apiKeyAuth.ts';
import { renderDocsPage } from './docsPage.ts';
import { v1ErrorHandler, v1NotFoundHandler } from './errorShapes.ts';
import { OpenApiCollector } from './openapi.ts';
import { V1_ROUTE_MODULES } from './routes/index.ts';
import { v1SignedAssetRoutes } from './signedAssets.ts';

export async function v1Routes(app: FastifyInstance): Promise<void> {
  app.setErrorHandler(v1ErrorHandler);
  app.setNotFoundHandler(v1NotFoundHandler);
  // Response schemas describe the API (OpenAPI, tests); answers are plain JSON so that `fields`
  // and `expand` can reshape them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Plane's SDK sends `Content-Type: application/json` with an empty body on DELETE and on bodiless
  // POSTs (archive); Plane accepts that, Fastify's parser would answer 400. Anything else is parsed
  // by Fastify's own parser (prototype-poisoning checks included).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  const openApi = new OpenApiCollector();
  openApi.attach(app);

  await app.register(async (authed) => {
    registerApiKeyAuth(authed);
    for (const module of V1_ROUTE_MODULES) await authed.register(module);
  });
  // Attachment upload/download links: signed tokens instead of an API key (signedAssets.ts).
  await app.register(v1SignedAssetRoutes);

  let document: Record<string, unknown> | null = null;
  const docOf = () => {
    document ??= openApi.document(`${app.ctx.env.publicUrl}/api/v1`);
    return document;
  };
  app.get('/openapi.json', { schema: { hide: true } }, async () => docOf());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsPage(docOf())),
  );
}
