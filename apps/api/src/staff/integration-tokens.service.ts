import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { IntegrationTokenView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { IntegrationTokenDirectory } from '../auth/ports';
import { INTEGRATION_TOKEN_PREFIX } from '../auth/staff-authenticator';
import { Clock } from '../common/clock';
import { newToken, sha256Hex } from '../common/crypto';
import { newId } from '../database/columns';
import { IntegrationToken } from './integration-token.entity';
import { Staff } from './staff.entity';

/** lastUsedAt is written at most this often. */
const TOUCH_RESOLUTION_MS = 60 * 1000;
/** The most tokens a list shows. */
const LIST_LIMIT = 200;

/**
 * Bearer tokens for API integrations (issue 12): one per integration, created and revoked by
 * admins, shown once, kept as SHA-256. auth/'s IntegrationTokenDirectory.
 */
@Injectable()
export class IntegrationTokensService implements IntegrationTokenDirectory {
  constructor(
    @InjectRepository(IntegrationToken) private readonly tokens: Repository<IntegrationToken>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** A new token; the secret is in the answer and nowhere else. */
  async create(
    name: string,
    createdBy: string,
  ): Promise<{ token: string; view: IntegrationTokenView }> {
    const token = `${INTEGRATION_TOKEN_PREFIX}${newToken()}`;
    const row: IntegrationToken = {
      id: newId(),
      tokenHash: sha256Hex(token),
      name,
      createdByStaffId: createdBy,
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.tokens.insert(row);
    await this.audit.record({
      type: 'integration_token.created',
      actorType: 'staff',
      actorId: createdBy,
      subjectId: row.id,
      detail: { name },
    });
    return { token, view: (await this.views([row]))[0] };
  }

  async list(): Promise<IntegrationTokenView[]> {
    const rows = await this.tokens.find({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: LIST_LIMIT,
    });
    return this.views(rows);
  }

  /** Revokes a token at once (its next request answers 401); revoking twice changes nothing. */
  async revoke(id: string, by: string): Promise<IntegrationTokenView> {
    const row = await this.tokens.findOneBy({ id });
    if (!row) {
      throw new NotFoundException({
        error: 'integration_token_not_found',
        message: 'There is no integration token with this id.',
      });
    }
    const result = await this.tokens.update(
      { id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    if (result.affected === 1) {
      await this.audit.record({
        type: 'integration_token.revoked',
        actorType: 'staff',
        actorId: by,
        subjectId: id,
        detail: { name: row.name },
      });
    }
    const fresh = await this.tokens.findOneByOrFail({ id });
    return (await this.views([fresh]))[0];
  }

  /** auth/'s port: the live integration a token opens, or null; records its use. */
  async authenticate(
    token: string,
  ): Promise<{ integrationId: string; name: string; staffId: string } | null> {
    const row = await this.tokens.findOneBy({ tokenHash: sha256Hex(token), revokedAt: IsNull() });
    if (!row) return null;
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_RESOLUTION_MS) {
      await this.tokens.update({ id: row.id }, { lastUsedAt: now });
    }
    return { integrationId: row.id, name: row.name, staffId: row.createdByStaffId };
  }

  private async views(rows: IntegrationToken[]): Promise<IntegrationTokenView[]> {
    const ids = [...new Set(rows.map((r) => r.createdByStaffId))];
    const members = ids.length
      ? await this.staff.find({
          select: { id: true, username: true },
          where: ids.map((id) => ({ id })),
        })
      : [];
    const names = new Map(members.map((m) => [m.id, m.username]));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdBy: { id: r.createdByStaffId, username: names.get(r.createdByStaffId) ?? null },
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null,
    }));
  }
}
