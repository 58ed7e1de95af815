import { Injectable } from '@nestjs/common';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { StaffDirectory } from './ports';
import type { StaffPrincipal } from './principal';

const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/** Proves a staff caller from "Authorization: Bearer <token>": a live staff session of an active member. */
@Injectable()
export class StaffAuthenticator {
  constructor(
    private readonly sessions: SessionTokensService,
    private readonly staff: StaffDirectory,
  ) {}

  /** The staff principal behind an Authorization header value, or null. */
  async authenticate(authorization: string | undefined): Promise<StaffPrincipal | null> {
    const match = BEARER.exec(authorization ?? '');
    if (!match) return null;
    const session = await this.sessions.find(['staff'], match[1]);
    if (!session) return null;
    const member = await this.staff.findActive(session.subjectId);
    if (!member) return null;
    await this.sessions.touch(session);
    return {
      kind: 'staff',
      staffId: member.id,
      username: member.username,
      role: member.role,
      sessionId: session.id,
    };
  }

  /** For routes open to anyone that tell staff more (health): never throws. */
  async isStaff(authorization: string | undefined): Promise<boolean> {
    try {
      return (await this.authenticate(authorization)) !== null;
    } catch {
      return false;
    }
  }
}
