import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { AccessListResponse, ClientMeResponse, SessionView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import { ClientSessions } from '../auth/client-sessions';
import { signInFailed, signInThrottled } from '../auth/sign-in-errors';
import type { ClientLogins } from '../auth/ports';
import type { ClientPrincipal } from '../auth/principal';
import type { CallerContext } from '../auth/request-context';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { maskEmail, normaliseEmail } from '../common/crypto';
import { passwordProblem } from '../common/password-policy';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { Transactor } from '../database/transactor';
import { describeUserAgent, DevicesService } from '../devices/devices.service';
import { MailService } from '../mail/mail.service';
import type { Session } from '../sessions/session.entity';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { FailureThrottle } from '../throttle/failure-throttle.service';
import { signInLimits } from '../throttle/sign-in-limits';
import {
  accountExists,
  emailMismatch,
  loginRequired,
  notFromTrustedLink,
  usernameTaken,
  weakPassword,
} from './account-errors';
import { ClientAccount } from './client-account.entity';
import type { CreateAccountDto } from './dto/create-account.dto';

export interface SignedIn {
  account: ClientAccount;
  token: string;
  session: Session;
}

/**
 * Client logins (SPEC rules 13-16): creation from a trusted link, sign-in, devices and sessions.
 * Also auth's ClientLogins port (a login session counts only while its login is enabled).
 */
@Injectable()
export class AccountsService implements ClientLogins {
  constructor(
    @InjectRepository(ClientAccount) private readonly accounts: Repository<ClientAccount>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionTokensService,
    private readonly clientSessions: ClientSessions,
    private readonly clients: ClientsService,
    private readonly devices: DevicesService,
    private readonly throttle: FailureThrottle,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly transactor: Transactor,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the login of the client in scope whose order email is the one given, and signs this
   * browser in with it. Only a trusted link (device) or PIN session may do this.
   */
  async create(
    principal: ClientPrincipal,
    input: CreateAccountDto,
    caller: Pick<CallerContext, 'ip' | 'userAgent'>,
  ): Promise<SignedIn> {
    if (principal.via === 'account') throw accountExists();
    if (principal.via !== 'device' && principal.via !== 'pin') throw notFromTrustedLink();
    const email = normaliseEmail(input.email);
    const username = input.username.trim().toLowerCase();
    const candidates = await this.clients.findByIds(principal.clientIds);
    const client = candidates.find((c) => c.email === email);
    if (!client) throw emailMismatch();
    const problem = passwordProblem(input.password, [username, email, email.split('@')[0]]);
    if (problem) throw weakPassword(problem);
    if (await this.accounts.existsBy({ clientId: client.id })) throw accountExists();
    if (await this.accounts.existsBy({ username })) throw usernameTaken();

    const now = this.clock.now();
    const account: ClientAccount = {
      id: newId(),
      clientId: client.id,
      username,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      passwordSetAt: now,
      disabledAt: null,
    };
    const label = describeUserAgent(caller.userAgent ?? undefined);
    try {
      return await this.transactor.run(async (manager) => {
        await manager.insert(ClientAccount, account);
        await this.audit.record(
          {
            type: 'account.password_set',
            actorType: 'client',
            actorId: account.id,
            clientId: client.id,
            subjectId: account.id,
            ip: caller.ip,
            detail: { via: principal.via },
          },
          manager,
        );
        await this.mail.enqueue(manager, {
          to: client.email,
          template: 'password-set',
          data: {
            clientName: client.name,
            firmName: this.config.firmName,
            loginUrl: `${this.config.publicUrl}/account/login`,
          },
        });
        const { token, session } = await this.sessions.issue('client', client.id, label, manager);
        return { account, token, session };
      });
    } catch (error) {
      // Only a simultaneous creation that won a unique index is a conflict; anything else (a lost
      // connection, a database fault) is rethrown, never reported as someone else's login.
      if (!isUniqueViolation(error)) throw error;
      if (await this.accounts.existsBy({ clientId: client.id })) throw accountExists();
      if (await this.accounts.existsBy({ username })) throw usernameTaken();
      throw error;
    }
  }

  /**
   * Checks a username (or order email) and password. Unknown names cost the same argon2 work
   * and get the same answer as a wrong password. Each attempt is claimed per name and per
   * address BEFORE the password is checked, so parallel guesses cannot exceed the limits; a
   * right password clears the name's count and gives the address's claim back.
   */
  async verify(identifier: string, password: string, ip: string): Promise<ClientAccount> {
    const name = identifier.trim().toLowerCase();
    const [accountLimit, addressLimit] = signInLimits('login', this.config, name, ip);
    const claimed = await this.throttle.claim([accountLimit, addressLimit]);
    if (!claimed.ok) {
      await this.audit.record({ type: 'account.login_throttled', actorType: 'anonymous', ip });
      throw signInThrottled(claimed.retryAfterSeconds);
    }

    const account = await this.findByIdentifier(name);
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!account || !ok) {
      await this.audit.record({
        type: 'account.login_failed',
        actorType: 'anonymous',
        clientId: account?.clientId ?? null,
        subjectId: account?.id ?? null,
        ip,
        detail: { knownUsername: account !== null },
      });
      throw signInFailed();
    }
    await this.throttle.clear(accountLimit);
    await this.throttle.release(claimed.claims[1]);
    return account;
  }

  /** A new login session for a verified account; the browser's previous session ends. */
  async signIn(
    account: ClientAccount,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'sessionToken'>,
  ): Promise<SignedIn> {
    const previous = await this.sessions.find(['client', 'pin'], caller.sessionToken);
    if (previous) await this.sessions.revoke(previous.id);
    const label = describeUserAgent(caller.userAgent ?? undefined);
    const { token, session } = await this.sessions.issue('client', account.clientId, label);
    await this.audit.record({
      type: 'account.login_ok',
      actorType: 'client',
      actorId: account.id,
      clientId: account.clientId,
      subjectId: session.id,
      ip: caller.ip,
    });
    return { account, token, session };
  }

  async me(principal: ClientPrincipal): Promise<ClientMeResponse> {
    const clientId = principal.clientIds[0] ?? null;
    const client = clientId ? ((await this.clients.findByIds([clientId]))[0] ?? null) : null;
    const accounts = principal.clientIds.length
      ? await this.accounts.findBy({ clientId: In(principal.clientIds) })
      : [];
    const own = accounts.find((a) => a.clientId === clientId) ?? null;
    return {
      via: principal.via,
      username: own?.username ?? null,
      maskedEmail: client ? maskEmail(client.email) : null,
      canCreateLogin: principal.via !== 'account' && accounts.length < principal.clientIds.length,
    };
  }

  /** The logged-in client's trusted devices and live sessions. */
  async access(
    principal: ClientPrincipal,
    caller: Pick<CallerContext, 'deviceSecret'>,
  ): Promise<AccessListResponse> {
    const clientId = this.loggedInClient(principal);
    const devices = await this.devices.listForClient(clientId, caller.deviceSecret);
    const sessions = await this.clientSessions.listForClient(clientId);
    return {
      devices,
      sessions: sessions.map((s): SessionView => ({
        id: s.id,
        kind: s.subjectType === 'pin' ? 'pin' : 'account',
        label: s.label,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        current: s.id === principal.sessionId,
      })),
    };
  }

  /** Takes the client's tasks away from a device: its next request is refused. */
  async revokeDevice(principal: ClientPrincipal, deviceId: string, ip: string): Promise<void> {
    const clientId = this.loggedInClient(principal);
    const now = this.clock.now();
    await this.transactor.run(async (manager) => {
      const ended = await this.devices.revokeDevice(manager, { clientId, deviceId }, now);
      if (!ended) throw new NotFoundException('No such device holds your tasks.');
      await this.audit.record(
        {
          type: 'device.revoked',
          actorType: 'client',
          actorId: principal.sessionId,
          clientId,
          subjectId: deviceId,
          ip,
          detail: { by: 'client', grants: ended },
        },
        manager,
      );
    });
  }

  async revokeSession(principal: ClientPrincipal, sessionId: string, ip: string): Promise<void> {
    const clientId = this.loggedInClient(principal);
    const mine = (await this.clientSessions.listForClient(clientId)).some(
      (s) => s.id === sessionId,
    );
    if (!mine || !(await this.sessions.revoke(sessionId))) {
      throw new NotFoundException('No such session is open for you.');
    }
    await this.audit.record({
      type: 'session.revoked',
      actorType: 'client',
      actorId: principal.sessionId,
      clientId,
      subjectId: sessionId,
      ip,
      detail: { by: 'client' },
    });
  }

  /**
   * Staff end one of a client's login or PIN sessions (the staff client page), audited with the
   * staff member as the actor. 404 when the client or the live session is not theirs; a session
   * that ended meanwhile answers as ended.
   */
  async revokeSessionByStaff(
    clientId: string,
    sessionId: string,
    staffId: string,
    ip: string,
  ): Promise<void> {
    await this.clients.get(clientId);
    const live = (await this.clientSessions.listForClient(clientId)).some(
      (s) => s.id === sessionId,
    );
    if (!live) {
      throw new NotFoundException({
        error: 'session_not_found',
        message: 'This client has no live session with this id.',
      });
    }
    if (!(await this.sessions.revoke(sessionId))) return;
    await this.audit.record({
      type: 'session.revoked',
      actorType: 'staff',
      actorId: staffId,
      clientId,
      subjectId: sessionId,
      ip,
      detail: { by: 'staff' },
    });
  }

  /** Ends this browser's login or PIN session on the server. */
  async logout(principal: ClientPrincipal, ip: string): Promise<void> {
    if (!principal.sessionId) return;
    if (!(await this.sessions.revoke(principal.sessionId))) return;
    await this.audit.record({
      type: 'session.revoked',
      actorType: 'client',
      actorId: principal.sessionId,
      clientId: principal.clientIds[0] ?? null,
      subjectId: principal.sessionId,
      ip,
      detail: { by: 'logout', via: principal.via },
    });
  }

  /** auth's ClientLogins port. */
  isEnabled(clientId: string): Promise<boolean> {
    return this.accounts.existsBy({ clientId, disabledAt: IsNull() });
  }

  private loggedInClient(principal: ClientPrincipal): string {
    if (principal.via !== 'account' || !('clientId' in principal.scope)) throw loginRequired();
    return principal.scope.clientId;
  }

  private async findByIdentifier(name: string): Promise<ClientAccount | null> {
    if (!name.includes('@')) {
      return this.accounts.findOneBy({ username: name, disabledAt: IsNull() });
    }
    const client = await this.clients.findByEmail(name);
    return client ? this.accounts.findOneBy({ clientId: client.id, disabledAt: IsNull() }) : null;
  }
}
