import { Injectable } from '@nestjs/common';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { IntegrationTokenDirectory, StaffDirectory } from './ports';
import type { StaffPrincipal } from './principal';

const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;
/** Integration tokens carry a prefix, so a log line or a secret scanner can tell them apart. */
export const INTEGRATION_TOKEN_PREFIX = 'cpi_';
const INTEGRATION = /^Bearer cpi_([A-Za-z0-9_-]{43})$/;

/**
 * Proves a staff caller: "Authorization: Bearer <token>" (a staff session of an active member, or
 * an integration token), else the workspace's staff cookie (the same kind of session). A request
 * that sends an Authorization header is judged by it alone. Client cookies never count here.
 */
@Injectable()
export class StaffAuthenticator {
  constructor(
    private readonly sessions: SessionTokensService,
    private readonly staff: StaffDirectory,
    private readonly integrations: IntegrationTokenDirectory,
  ) {}

  /** The staff principal behind an Authorization header value or a staff cookie, or null. */
  async authenticate(
    authorization: string | undefined,
    cookieToken: string | null = null,
  ): Promise<StaffPrincipal | null> {
    if (authorization !== undefined) {
      const integration = INTEGRATION.exec(authorization);
      if (integration) return this.fromIntegration(integration[1]);
      const match = BEARER.exec(authorization);
      return match ? this.fromSession(match[1], 'bearer') : null;
    }
    return cookieToken ? this.fromSession(cookieToken, 'cookie') : null;
  }

  /** For routes open to anyone that tell staff more (health): never throws. */
  async isStaff(authorization: string | undefined): Promise<boolean> {
    try {
      return (await this.authenticate(authorization)) !== null;
    } catch {
      return false;
    }
  }

  private async fromSession(
    token: string,
    via: 'bearer' | 'cookie',
  ): Promise<StaffPrincipal | null> {
    const session = await this.sessions.find(['staff'], token);
    if (!session) return null;
    const member = await this.staff.findActive(session.subjectId);
    if (!member) return null;
    await this.sessions.touch(session);
    return {
      kind: 'staff',
      via,
      staffId: member.id,
      username: member.username,
      role: member.role,
      sessionId: session.id,
      integrationId: null,
    };
  }

  private async fromIntegration(secret: string): Promise<StaffPrincipal | null> {
    const integration = await this.integrations.authenticate(
      `${INTEGRATION_TOKEN_PREFIX}${secret}`,
    );
    if (!integration) return null;
    // It acts for the admin who created it, and dies with that admin's account.
    const member = await this.staff.findActive(integration.staffId);
    if (!member) return null;
    return {
      kind: 'staff',
      via: 'integration',
      staffId: member.id,
      username: `${member.username} (integration: ${integration.name})`,
      role: 'staff',
      sessionId: null,
      integrationId: integration.integrationId,
    };
  }
}
