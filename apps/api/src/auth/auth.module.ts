import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ClientAuthenticator } from './client-authenticator';

export interface AuthModuleOptions {
  /** The modules that provide and export the ports in ./ports.ts (staff, devices, …). */
  imports: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Deny by default: registers the global AccessGuard (APP_GUARD), which every route passes; only
 * @Public() ones skip the checks. auth/ declares what it needs from features as ports
 * (./ports.ts); the app wires their implementations in with `forRoot({ imports })`.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: options.imports,
      providers: [
        ClientAuthenticator,
        AccessGuard,
        { provide: APP_GUARD, useExisting: AccessGuard },
      ],
      exports: [ClientAuthenticator],
    };
  }
}
