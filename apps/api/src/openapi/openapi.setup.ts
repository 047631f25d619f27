import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';

const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const UI_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Association Labels API</title>
  <link rel="icon" href="${DOCS_PATH}/favicon-32x32.png">
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '${DOCS_JSON_PATH}', dom_id: '#swagger-ui', persistAuthorization: true });</script>
</body>
</html>
`;

/**
 * OpenAPI document at /docs-json and Swagger UI at /docs (both public). @nestjs/swagger serves the UI through
 * @fastify/static, which we do not ship; the UI is three files of swagger-ui-dist, served from memory here.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Association Labels API')
    .setDescription(
      'HubSpot CRM Associations v4-compatible API and the native /api/v1 API. Every route but /health and the docs ' +
        'needs `Authorization: Bearer <JWT>`. Errors are HubSpot-shaped JSON (status, message, correlationId, ' +
        'category, context); see docs/api-errors.md for the categories.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });

  const assetsDir = swaggerUiDistDir();
  const cache = new Map<string, Buffer>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(DOCS_PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').send(UI_HTML));
  fastify.get<{ Params: { asset: string } }>(`${DOCS_PATH}/:asset`, async (request, reply) => {
    const { asset } = request.params;
    const type = UI_ASSETS[asset];
    if (!type) throw new NotFoundException(`Unknown docs asset: ${asset}`);
    let content = cache.get(asset);
    if (!content) {
      content = await readFile(join(assetsDir, asset));
      cache.set(asset, content);
    }
    return reply.type(type).header('Cache-Control', 'public, max-age=86400').send(content);
  });
}

function swaggerUiDistDir(): string {
  const fromSwagger = createRequire(require.resolve('@nestjs/swagger'));
  return dirname(fromSwagger.resolve('swagger-ui-dist/package.json'));
}
