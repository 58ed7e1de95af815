import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import {
  provideRouter,
  TitleStrategy,
  withComponentInputBinding,
  withInMemoryScrolling,
} from '@angular/router';
import { routes } from './app.routes';
import { apiInterceptor } from './core/api.interceptor';
import { BrandingService } from './core/branding.service';
import { ClientSessionService } from './core/client-session.service';
import { FirmTitleStrategy } from './core/firm-title.strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch(), withInterceptors([apiInterceptor])),
    provideRouter(
      routes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
    ),
    { provide: TitleStrategy, useClass: FirmTitleStrategy },
    // Issue 13: the firm's branding (and zone) before the first page renders; whether this
    // browser is signed in, for the menu. Neither can fail the start.
    provideAppInitializer(() =>
      Promise.all([inject(BrandingService).load(), inject(ClientSessionService).refresh()]),
    ),
  ],
};
