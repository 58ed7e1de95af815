import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document: /api/docs (UI) and /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Client Portal API')
      .setDescription(
        'Admin endpoints (staff bearer token from POST /api/staff/login) and the client endpoints the portal uses (trusted-device cookie).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'staff')
      .addCookieAuth('cp_device', { type: 'apiKey', in: 'cookie' }, 'device')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
