import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { MAX_JSON_DEPTH } from './common/json-depth';

/**
 * The OpenAPI document: /api/docs (UI) and /api/docs-json. Built on its first request, not at
 * start-up (scanning every route and DTO is a good part of a start; issue 11), then kept.
 */
export function setupOpenApi(app: INestApplication): void {
  const document = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Client Portal API')
        .setDescription(
          'Admin endpoints (staff bearer token from POST /api/staff/login) and the client endpoints the portal uses (trusted-device or session cookie, with the X-Requested-With: XMLHttpRequest header on writes). ' +
            `Bad input answers 4xx, never 5xx: malformed JSON or JSON nested more than ${MAX_JSON_DEPTH} levels deep 400 (invalid_json, json_too_deep); ` +
            'invalid fields 422 validation_failed with the messages keyed by field. Text fields refuse lone surrogates, NUL and control characters (tabs and line breaks only in multi-line text); names and titles also refuse bidirectional override and isolate characters.',
        )
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'staff')
        .addCookieAuth('cp_device', { type: 'apiKey', in: 'cookie' }, 'device')
        .addCookieAuth('cp_session', { type: 'apiKey', in: 'cookie' }, 'session')
        .addCookieAuth('cp_staff', { type: 'apiKey', in: 'cookie' }, 'staff-cookie')
        .build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
