import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  type BeforeApplicationShutdown,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { In, IsNull, Repository } from 'typeorm';
import type { StaffRole, StaffView } from '@app/contracts';
import { passwordProblem } from '../common/password-policy';
import { AuditService } from '../audit/audit.service';
import type { StaffDirectory } from '../auth/ports';
import { Clock } from '../common/clock';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { locksRows } from '../database/dialect';
import { Transactor } from '../database/transactor';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { Staff } from './staff.entity';

@Injectable()
export class StaffService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, StaffDirectory
{
  private readonly logger = new Logger('Staff');
  /** The first admin's creation while it is under way (see onApplicationBootstrap). */
  private firstAdmin: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sessions: SessionTokensService,
    private readonly transactor: Transactor,
  ) {}

  /**
   * The first admin comes from ADMIN_USERNAME / ADMIN_PASSWORD when no staff exist yet. Its
   * password hash (a tenth of a second of argon2) is made after start-up goes on, so the first
   * start of an empty database answers as soon as a restart does (issue 11 item 5); a sign-in
   * that comes meanwhile waits for it (verifyCredentials).
   */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.staff;
    if (!adminUsername || (await this.staff.count()) > 0) return;
    let password = adminPassword;
    if (!password) {
      if (this.config.env === 'production') return;
      password = randomBytes(12).toString('base64url');
      const file = resolve('var/admin-password');
      mkdirSync(resolve('var'), { recursive: true });
      writeFileSync(file, `${adminUsername}\n${password}\n`, { mode: 0o600 });
      this.logger.log({
        message: 'first admin created; its password is in a file',
        username: adminUsername,
        file,
      });
    }
    this.firstAdmin = this.createFirstAdmin(adminUsername.toLowerCase(), password);
  }

  /** Lets the first admin's creation finish before the connection closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.firstAdmin;
  }

  /** Never rejects: a failure is logged, and the next start tries again (no staff yet). */
  private async createFirstAdmin(username: string, password: string): Promise<void> {
    try {
      await this.staff.insert({
        id: newId(),
        username,
        displayName: username,
        passwordHash: await hashPassword(password),
        role: 'admin',
        email: null,
        createdAt: this.clock.now(),
        disabledAt: null,
      });
    } catch (error) {
      // Another instance starting on the same empty database created it first: a unique
      // violation, or on Galera a certification conflict; either way staff exist now.
      if (isUniqueViolation(error) || (await this.staff.count().catch(() => 0)) > 0) {
        this.logger.log({ message: 'first admin already created by another instance', username });
        return;
      }
      this.logger.error({
        message: 'first admin not created; the next start tries again',
        username,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** A new staff user; the password follows the same rules as clients' (SPEC rule 15). */
  async create(
    input: {
      username: string;
      password: string;
      role: StaffRole;
      email?: string;
      displayName?: string;
    },
    createdBy: string | null,
  ): Promise<Staff> {
    const username = input.username.trim().toLowerCase();
    const problem = passwordProblem(input.password, [username]);
    if (problem) {
      throw new UnprocessableEntityException({
        error: 'weak_password',
        message: `Please choose another password: ${problem}.`,
        fields: { password: [problem] },
      });
    }
    const taken = (): ConflictException =>
      new ConflictException({
        error: 'username_taken',
        message: 'A staff user with this username already exists.',
      });
    if (await this.staff.existsBy({ username })) throw taken();
    const member: Staff = {
      id: newId(),
      username,
      displayName: input.displayName ?? username,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      email: input.email ?? null,
      createdAt: this.clock.now(),
      disabledAt: null,
    };
    try {
      await this.staff.insert(member);
    } catch (error) {
      // A simultaneous creation won the unique index; anything else (a lost connection, a
      // database fault) is rethrown, never reported as a taken username.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    await this.audit.record({
      type: 'staff.created',
      actorType: createdBy ? 'staff' : 'system',
      actorId: createdBy,
      subjectId: member.id,
      detail: { role: member.role },
    });
    return member;
  }

  /** Changes a staff member's e-mail address, display name or role (admins only). */
  async update(
    staffId: string,
    input: { email?: string | null; role?: StaffRole; displayName?: string; disabled?: boolean },
    by: string,
  ): Promise<Staff> {
    const member = await this.get(staffId);
    const changes: Partial<Staff> = {};
    if (input.disabled === true && !member.disabledAt) {
      if (staffId === by) {
        throw new ConflictException({
          error: 'cannot_disable_self',
          message: 'You cannot disable your own account; another admin can.',
        });
      }
      if (member.role === 'admin' && (await this.activeAdmins()) <= 1) {
        throw new ConflictException({
          error: 'last_admin',
          message: 'The firm needs at least one active admin, so this admin cannot be disabled.',
        });
      }
      changes.disabledAt = this.clock.now();
    } else if (input.disabled === false && member.disabledAt) {
      changes.disabledAt = null;
    }
    if (input.email !== undefined) changes.email = input.email;
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.role !== undefined && input.role !== member.role) {
      if (member.role === 'admin' && (await this.activeAdmins()) <= 1) {
        throw new ConflictException({
          error: 'last_admin',
          message: 'The firm needs at least one admin, so this role cannot change.',
        });
      }
      changes.role = input.role;
    }
    if (Object.keys(changes).length === 0) return member;
    // Taking away an admin is checked again under lock: two admins demoting or disabling each
    // other at once must not leave the firm with none (the checks above read before either wrote).
    const takesAdmin =
      member.role === 'admin' && (changes.disabledAt instanceof Date || changes.role !== undefined);
    await this.transactor.run(async (manager) => {
      if (takesAdmin) {
        const mysql = locksRows(manager);
        const admins = await manager.find(Staff, {
          select: { id: true },
          where: { role: 'admin', disabledAt: IsNull() },
          order: { id: 'ASC' },
          ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
        if (admins.length <= 1) {
          throw new ConflictException({
            error: 'last_admin',
            message: changes.disabledAt
              ? 'The firm needs at least one active admin, so this admin cannot be disabled.'
              : 'The firm needs at least one admin, so this role cannot change.',
          });
        }
      }
      await manager.update(Staff, { id: staffId }, changes);
    });
    if (changes.disabledAt !== undefined) {
      // Their requests are refused from now on (auth asks findActive each time); the sessions
      // end too, so enabling them again does not bring an old session back.
      if (changes.disabledAt) await this.sessions.revokeAllFor('staff', staffId);
      await this.audit.record({
        type: changes.disabledAt ? 'staff.disabled' : 'staff.enabled',
        actorType: 'staff',
        actorId: by,
        subjectId: staffId,
      });
    }
    if (changes.role) {
      await this.audit.record({
        type: 'staff.role_changed',
        actorType: 'staff',
        actorId: by,
        subjectId: staffId,
        detail: { role: changes.role },
      });
    }
    return this.get(staffId);
  }

  /** A staff member edits their own display name and e-mail address (never their role). */
  updateOwnProfile(
    staffId: string,
    input: { email?: string | null; displayName?: string },
  ): Promise<Staff> {
    return this.update(staffId, { email: input.email, displayName: input.displayName }, staffId);
  }

  /** Display names by staff id (message authors, inbox owners); unknown ids are left out. */
  async displayNames(staffIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(staffIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.staff.find({
      select: { id: true, displayName: true },
      where: { id: In(ids) },
    });
    return new Map(rows.map((row) => [row.id, row.displayName]));
  }

  async get(staffId: string): Promise<Staff> {
    const member = await this.staff.findOneBy({ id: staffId });
    if (!member) {
      throw new NotFoundException({
        error: 'staff_not_found',
        message: 'There is no staff user with this id.',
      });
    }
    return member;
  }

  private activeAdmins(): Promise<number> {
    return this.staff.countBy({ role: 'admin', disabledAt: IsNull() });
  }

  list(): Promise<Staff[]> {
    return this.staff.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
  }

  /** auth's StaffDirectory port: an active (not disabled) member, or null. */
  async findActive(staffId: string): Promise<Pick<Staff, 'id' | 'username' | 'role'> | null> {
    return this.staff.findOne({
      select: { id: true, username: true, role: true },
      where: { id: staffId, disabledAt: IsNull() },
    });
  }

  /** The staff member for these credentials, or null; the same work either way. */
  async verifyCredentials(username: string, password: string): Promise<Staff | null> {
    await this.firstAdmin;
    const member = await this.staff.findOne({
      where: { username: username.trim().toLowerCase(), disabledAt: IsNull() },
    });
    const ok = await verifyPassword(member?.passwordHash ?? (await decoyPasswordHash()), password);
    return member && ok ? member : null;
  }
}

export function toStaffView(member: Staff): StaffView {
  return {
    id: member.id,
    username: member.username,
    displayName: member.displayName,
    role: member.role,
    email: member.email,
    createdAt: member.createdAt.toISOString(),
    disabledAt: member.disabledAt?.toISOString() ?? null,
  };
}
