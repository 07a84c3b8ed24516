import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../config/configuration.js';
import { AppModule } from './app.module.js';
import { completeDocument, documentValidationRules } from './common/api-docs.js';
import { bodyParsers, urlGuard } from './common/body-parsers.js';
import { HttpDrain } from './common/graceful-shutdown.js';
import { PROJECT_ROOT } from './common/project-root.js';
import { securityHeaders } from './common/security-headers.js';
import { addCalendarGlobals } from './calendar/view-globals.js';
import { configureViews } from './common/views.js';
import { addWebhookSchemas } from './webhooks/webhook-schemas.js';

/** Builds the whole application: `main.ts` and the e2e tests both start here, so they cannot drift apart. */
export async function createApp(config: AppConfig = loadConfig(), options: { logger?: false | LogLevel[] } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
  });
  const http = app.getHttpAdapter().getInstance();
  app.use(HttpDrain.of(app.getHttpServer()).middleware);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(securityHeaders({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'https:'],
        'upgrade-insecure-requests': config.publicBaseUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: config.publicBaseUrl.startsWith('https:'),
  }));
  app.use(cookieParser());
  app.use(urlGuard(), ...bodyParsers());
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/assets/', maxAge: config.nodeEnv === 'production' ? '1d' : 0 });
  addCalendarGlobals(configureViews(http, config.nodeEnv === 'development')).addGlobal('publicBaseUrl', config.publicBaseUrl);

  documentValidationRules();
  const document = addWebhookSchemas(completeDocument(SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Ruang Kreatif API')
    .setDescription('Venues, rooms, reservations and events of the creative spaces in Pos Indonesia offices. ' +
      'Errors share one shape: { status, code, message, fields }.')
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('rk_session')
    .build())));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
