import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionsModule } from '../sessions/sessions.module';
import { AccessGuard } from './access.guard';
import { ClientAuthenticator } from './client-authenticator';
import { ClientSessions } from './client-sessions';
import { StaffAuthenticator } from './staff-authenticator';

export interface AuthModuleOptions {
  /** The modules that provide and export the ports of ./ports.ts (staff, devices, …). */
  imports: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Deny by default: registers the global AccessGuard (APP_GUARD), which every route passes; only
 * @Public() ones skip the checks. auth/ declares what it needs from the features as ports
 * (./ports.ts); the app wires their implementations in with `forRoot({ imports })`. Global, so
 * features may use the authenticators (health's optional staff check) and ClientSessions.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [SessionsModule, ...options.imports],
      providers: [
        StaffAuthenticator,
        ClientAuthenticator,
        ClientSessions,
        AccessGuard,
        { provide: APP_GUARD, useExisting: AccessGuard },
      ],
      exports: [StaffAuthenticator, ClientAuthenticator, ClientSessions],
    };
  }
}
