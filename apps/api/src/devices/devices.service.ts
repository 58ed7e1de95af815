import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import type { FindOptionsWhere } from 'typeorm';
import type { AdminDeviceView, DeviceView } from '@app/contracts';
import { AuditService } from '../audit/audit.service';
import type { TrustedDevices } from '../auth/ports';
import { Clock } from '../common/clock';
import { newToken, sha256Hex } from '../common/crypto';
import { newId } from '../database/columns';
import { ExpiryPartitions } from '../database/expiry-partitions';
import { sqlTime, timeOf } from '../database/sql-values';
import { changedRows, Transactor, type SqlExecutor } from '../database/transactor';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';

const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Device authentication, one statement: the device behind a cookie secret (unique index on
 * secret_hash) with its live grants (ix_device_grants_device). Parameters: now, secret hash.
 */
export const AUTHENTICATE_SQL = `SELECT d.id, d.last_seen_at, g.dispatch_id, g.client_id
  FROM devices d
  LEFT JOIN device_grants g ON g.device_id = d.id AND g.revoked_at IS NULL AND g.expires_at > ?
  WHERE d.secret_hash = ? AND d.revoked_at IS NULL`;

interface AuthenticateRow {
  id: string;
  last_seen_at: Date | string;
  dispatch_id: string | null;
  client_id: string | null;
}

/**
 * Fragments for a caller's one-statement read (the link page): the device behind a cookie
 * secret, joined as `alias` (parameter: the secret's hash, or null for no cookie) …
 */
export function deviceBySecretJoin(alias: string): string {
  return `LEFT JOIN devices ${alias} ON ${alias}.secret_hash = ? AND ${alias}.revoked_at IS NULL`;
}

/** … whether that device may open the dispatch now (parameter: now) … */
export function holdsDispatchSql(deviceColumn: string, dispatchColumn: string): string {
  return `EXISTS(SELECT 1 FROM device_grants g WHERE g.device_id = ${deviceColumn}
    AND g.dispatch_id = ${dispatchColumn} AND g.revoked_at IS NULL AND g.expires_at > ?)`;
}

/** … and whether it has ever held any of the client's tasks (hasHeldGrant). */
export function heldClientSql(deviceColumn: string, clientColumn: string): string {
  return `EXISTS(SELECT 1 FROM device_grants g WHERE g.device_id = ${deviceColumn}
    AND g.client_id = ${clientColumn})`;
}

/** What a device may open now, as the client authenticator needs it. */
export interface TrustedDevice {
  deviceId: string;
  dispatchIds: string[];
  clientIds: string[];
}

/** The grant a redemption writes. */
export type GrantInput = Pick<
  DeviceGrant,
  'deviceId' | 'dispatchId' | 'clientId' | 'linkId' | 'expiresAt'
>;

/**
 * The one owner of `devices` and `device_grants`: which browsers are trusted with which
 * dispatches (SPEC rules 4-5, 8, 10). Links grant, staff and clients revoke, the purge deletes,
 * the client authenticator asks; nobody else reads or writes these tables.
 */
@Injectable()
export class DevicesService implements TrustedDevices {
  /** The months `device_grants` is partitioned into on MariaDB (issue 11, purge). */
  private readonly partitions: ExpiryPartitions;

  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(DeviceGrant) private readonly grants: Repository<DeviceGrant>,
    private readonly transactor: Transactor,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {
    this.partitions = new ExpiryPartitions(dataSource, 'device_grants', new Logger('Purge'));
  }

  // ---- the device behind a cookie ----

  /** The device whose cookie secret this is, if it is known and not revoked. */
  async findBySecret(secret: string | null | undefined): Promise<Device | null> {
    if (!secret) return null;
    return this.devices.findOne({ where: { secretHash: sha256Hex(secret), revokedAt: IsNull() } });
  }

  /**
   * The TrustedDevices port: the device and the dispatches it may open now, in one round trip
   * (AUTHENTICATE_SQL, read on every client request, so no ORM hydration); null when the secret
   * proves nothing or the device holds no live grant. Nothing is cached: a revocation counts from
   * the next request. Notes when the device was last seen (to the minute).
   */
  async authenticate(deviceSecret: string): Promise<TrustedDevice | null> {
    const now = this.clock.now();
    const rows = await this.transactor.read<AuthenticateRow[]>(AUTHENTICATE_SQL, [
      sqlTime(now),
      sha256Hex(deviceSecret),
    ]);
    if (rows.length === 0) return null;
    const deviceId = rows[0].id;
    if (now.getTime() - timeOf(rows[0].last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.devices.update({ id: deviceId }, { lastSeenAt: now });
    }
    const dispatchIds = new Set<string>();
    const clientIds = new Set<string>();
    for (const row of rows) {
      if (row.dispatch_id === null || row.client_id === null) continue;
      dispatchIds.add(row.dispatch_id);
      clientIds.add(row.client_id);
    }
    if (dispatchIds.size === 0) return null;
    return { deviceId, dispatchIds: [...dispatchIds], clientIds: [...clientIds] };
  }

  /**
   * A new device for a browser that redeems its first link; the secret goes into the cookie and
   * only its hash is kept. Nothing is written until `addDevice`.
   */
  prepareDevice(
    userAgent: string | null | undefined,
    now: Date,
  ): { device: Device; secret: string } {
    const secret = newToken();
    // A plain row (redeem is a hot path): addDevice writes it with a fixed statement.
    const device: Device = {
      id: newId(),
      secretHash: sha256Hex(secret),
      label: describeUserAgent(userAgent ?? undefined),
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
    };
    return { device, secret };
  }

  /** Inside the redemption's transaction; a fixed statement (redeem is a hot path). */
  async addDevice(manager: SqlExecutor, device: Device): Promise<void> {
    await manager.query(
      `INSERT INTO devices (id, secret_hash, label, created_at, last_seen_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, NULL)`,
      [
        device.id,
        device.secretHash,
        device.label,
        sqlTime(device.createdAt),
        sqlTime(device.lastSeenAt),
      ],
    );
  }

  // ---- grants ----

  /** "This device may open this dispatch's tasks" (a link was redeemed). */
  async grant(manager: SqlExecutor, input: GrantInput, now: Date): Promise<DeviceGrant> {
    // One fixed INSERT (redeem is a hot path); save would first SELECT the new id.
    const grant: DeviceGrant = { id: newId(), grantedAt: now, revokedAt: null, ...input };
    await manager.query(
      `INSERT INTO device_grants (id, device_id, dispatch_id, client_id, link_id, granted_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
      [
        grant.id,
        grant.deviceId,
        grant.dispatchId,
        grant.clientId,
        grant.linkId,
        sqlTime(grant.grantedAt),
        sqlTime(grant.expiresAt),
      ],
    );
    return grant;
  }

  /** Whether the device may open the dispatch now. */
  holdsDispatch(deviceId: string, dispatchId: string, now: Date): Promise<boolean> {
    return this.grants.exists({
      where: { deviceId, dispatchId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
  }

  /** Whether this device has ever been trusted with any of the client's tasks. */
  hasHeldGrant(deviceId: string, clientId: string): Promise<boolean> {
    return this.grants.exists({ where: { deviceId, clientId } });
  }

  /**
   * Ends every device's access to a dispatch (an access link moved it, or staff withdrew it).
   * Returns how many grants ended.
   */
  async revokeForDispatch(manager: SqlExecutor, dispatchId: string, now: Date): Promise<number> {
    // A fixed statement: an access link's redemption runs it (redeem is a hot path).
    return changedRows(
      manager,
      'UPDATE device_grants SET revoked_at = ? WHERE dispatch_id = ? AND revoked_at IS NULL',
      [sqlTime(now), dispatchId],
    );
  }

  /**
   * Ends the access a device has to one client's tasks (its grants for the client's other
   * dispatches go too). Returns how many grants ended.
   */
  async revokeDevice(
    manager: EntityManager,
    input: { clientId: string; deviceId: string; liveOnly?: boolean },
    now: Date,
  ): Promise<number> {
    const { clientId, deviceId } = input;
    const ended = await manager.update(
      DeviceGrant,
      input.liveOnly
        ? { clientId, deviceId, revokedAt: IsNull(), expiresAt: MoreThan(now) }
        : { clientId, deviceId, revokedAt: IsNull() },
      { revokedAt: now },
    );
    return ended.affected ?? 0;
  }

  // ---- why a device lost its tasks (issue 13) ----

  /**
   * When the device's tasks (of one dispatch, or any) were last moved to another device, or null.
   * A move is the one write that ends a dispatch's grants and grants it to another device at the
   * same instant (an access link redeemed: `revokeForDispatch` then `grant`, one `now`); staff
   * withdrawal, a client or staff revoking the device and expiry grant nothing new, so they are
   * never mistaken for a move. Only the device's own cookie leads here.
   */
  async movedAwayAt(deviceId: string, dispatchId?: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ moved_at: Date | string }[]>(
      `SELECT g.revoked_at AS moved_at FROM device_grants g
        WHERE g.device_id = ? ${dispatchId ? 'AND g.dispatch_id = ?' : ''}
          AND g.revoked_at IS NOT NULL
          AND EXISTS(SELECT 1 FROM device_grants n WHERE n.dispatch_id = g.dispatch_id
            AND n.device_id <> g.device_id AND n.granted_at = g.revoked_at)
        ORDER BY g.revoked_at DESC LIMIT 1`,
      dispatchId ? [deviceId, dispatchId] : [deviceId],
    );
    return rows.length ? timeOf(rows[0].moved_at) : null;
  }

  /**
   * GET /api/device/status: for a browser whose device cookie opens no tasks any more, when they
   * were moved to another device (null: no such device, it still opens tasks, or no move).
   */
  async movedStatus(deviceSecret: string | null | undefined): Promise<Date | null> {
    const device = await this.findBySecret(deviceSecret);
    if (!device) return null;
    const now = this.clock.now();
    const live = await this.grants.exists({
      where: { deviceId: device.id, revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
    return live ? null : this.movedAwayAt(device.id);
  }

  // ---- views ----

  /** The client's devices that may open some of its tasks now, last seen first. */
  async listForClient(clientId: string, currentDeviceSecret: string | null): Promise<DeviceView[]> {
    const now = this.clock.now();
    const grants = await this.grants.find({
      where: { clientId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
    const perDevice = new Map<string, Set<string>>();
    for (const g of grants) {
      perDevice.set(g.deviceId, (perDevice.get(g.deviceId) ?? new Set()).add(g.dispatchId));
    }
    const devices = perDevice.size
      ? await this.devices.find({
          where: { id: In([...perDevice.keys()]), revokedAt: IsNull() },
          order: { lastSeenAt: 'DESC', id: 'ASC' },
        })
      : [];
    const current = await this.findBySecret(currentDeviceSecret);
    return devices.map((d) => ({
      id: d.id,
      label: d.label,
      createdAt: d.createdAt.toISOString(),
      lastSeenAt: d.lastSeenAt.toISOString(),
      dispatchCount: perDevice.get(d.id)?.size ?? 0,
      current: d.id === current?.id,
    }));
  }

  /** Staff's view: every device ever trusted with the client's tasks, and what each may open now. */
  async listForStaff(clientId: string): Promise<AdminDeviceView[]> {
    const now = this.clock.now();
    const grants = await this.grants.find({
      where: { clientId },
      order: { grantedAt: 'DESC', id: 'ASC' },
      take: 2000,
    });
    const deviceIds = [...new Set(grants.map((g) => g.deviceId))];
    if (deviceIds.length === 0) return [];
    const devices = await this.devices.find({
      where: { id: In(deviceIds) },
      order: { lastSeenAt: 'DESC', id: 'ASC' },
    });
    return devices.map((device) => ({
      id: device.id,
      label: device.label,
      createdAt: device.createdAt.toISOString(),
      lastSeenAt: device.lastSeenAt.toISOString(),
      activeDispatchIds: grants
        .filter((g) => g.deviceId === device.id && !g.revokedAt && g.expiresAt > now)
        .map((g) => g.dispatchId),
      revokedAt: device.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Staff end every access this device has to the client's tasks, at once. */
  async revokeByStaff(clientId: string, deviceId: string, staffId: string): Promise<void> {
    const now = this.clock.now();
    if (!(await this.grants.existsBy({ clientId, deviceId }))) {
      throw new NotFoundException('No such device for this client.');
    }
    await this.transactor.run(async (manager) => {
      const ended = await this.revokeDevice(manager, { clientId, deviceId, liveOnly: true }, now);
      await this.audit.record(
        {
          type: 'device.revoked',
          actorType: 'staff',
          actorId: staffId,
          clientId,
          subjectId: deviceId,
          detail: { grantsEnded: ended },
        },
        manager,
      );
    });
  }

  // ---- purge (SPEC rule 9) ----

  /**
   * On MariaDB, drops the months of grants that all expired before `cutoff` (issue 11); returns
   * how many grants went. A grant expires with its link, so it sits in its link's month: dropped
   * before the link's, never after it.
   */
  dropEndedMonths(cutoff: Date): Promise<number> {
    return this.partitions.dropEndedBefore(cutoff);
  }

  /** Keeps a month ready on MariaDB for every grant that may expire up to `until`. */
  prepareMonths(until: Date, now: Date): Promise<void> {
    return this.partitions.extendTo(until, now);
  }

  /**
   * Deletes up to `batchSize` grants that expired, or were revoked, before `cutoff`; returns how
   * many went. Two range reads on their own indexes (ix_device_grants_expires, then
   * ix_device_grants_revoked), not one OR that scanned the table on every batch; then one delete
   * by primary key.
   */
  async deleteEndedGrants(cutoff: Date, batchSize: number): Promise<number> {
    const ended = async (where: FindOptionsWhere<DeviceGrant>): Promise<string[]> =>
      (await this.grants.find({ select: { id: true }, where, take: batchSize })).map((r) => r.id);
    const ids = new Set(await ended({ expiresAt: LessThan(cutoff) }));
    // Fewer than a batch expired: every one is in hand, so the revoked ones (deduplicated) fill
    // the rest; a batch short of batchSize then means nothing ended is left.
    if (ids.size < batchSize) {
      for (const id of await ended({ revokedAt: LessThan(cutoff) })) ids.add(id);
    }
    if (ids.size === 0) return 0;
    const batch = [...ids].slice(0, batchSize);
    return (await this.grants.delete({ id: In(batch) })).affected ?? 0;
  }

  /**
   * Deletes the grants earned through these links (the purge is about to delete the links). A
   * grant ends when its link expires at the latest, so deleteEndedGrants has usually taken them
   * already; this is the rule's guarantee. Found through the links' dispatches
   * (ix_device_grants_dispatch, a few grants each): link_id has no index and no foreign key of
   * its own, one index entry fewer for every grant and no foreign-key lookup for every link
   * purged (issue 11).
   */
  async deleteForLinks(
    manager: EntityManager,
    links: readonly { id: string; dispatchId: string }[],
  ): Promise<void> {
    if (links.length === 0) return;
    await manager.delete(DeviceGrant, {
      dispatchId: In([...new Set(links.map((l) => l.dispatchId))]),
      linkId: In(links.map((l) => l.id)),
    });
  }
}

/** "Chrome on Android"-style label from a User-Agent, for device lists. */
export function describeUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${os}`;
}
