import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LinkKind } from '@app/contracts';
import { HashColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';

export type LinkRevokeReason = 'superseded' | 'staff';

/**
 * A unique link. The token itself is never stored: only its SHA-256 (SPEC rule 1).
 * usedAt is set once, by one conditional UPDATE (rule 3).
 *
 * Partitioned by expiry on MariaDB (issue 11, purge; database/expiry-partitions.ts): one partition
 * a month, and the purge drops a month whose links all expired before its cutoff instead of
 * deleting them row by row. MariaDB wants the partition column in every unique key and allows no
 * foreign key on a partitioned table, so the primary key is (id, expires_at), the token hash has a
 * plain index (a SHA-256 of 32 random bytes; it is unique without a constraint), and client_id and
 * dispatch_id are checked by the code that inserts links (it reads both first), not by keys.
 */
@Entity('links')
@Index('ix_links_expires', ['expiresAt'])
@Index('ix_links_dispatch', ['dispatchId', 'kind'])
// Client first (issue 11, purge): MariaDB then uses it for the client foreign key instead of a
// separate index, one index less to update for every link inserted or purged.
@Index('ix_links_client_kind', ['clientId', 'kind', 'createdAt'])
export class Link {
  @IdColumn() id!: string;

  @Index('ix_links_token_hash')
  @HashColumn()
  tokenHash!: string;

  /** dispatch: sent with the tasks; access: sent by "Send Access Link" to move the tasks. */
  @Column({ type: 'varchar', length: 16 }) kind!: LinkKind;

  @RefColumn() clientId!: string;

  @RefColumn() dispatchId!: string;

  @TimeColumn() createdAt!: Date;

  /** The link must be redeemed before this (access links: 1 hour after sending). */
  @TimeColumn() redeemBy!: Date;

  /**
   * Access through the link ends here, used or not (30 days after creation). Part of the primary
   * key: the partition column (never changed once the link is made).
   */
  @PrimaryColumn({ type: 'datetime', precision: 3 }) expiresAt!: Date;

  @TimeColumn({ nullable: true }) usedAt!: Date | null;

  /**
   * The device that redeemed it. No foreign key and no index (issue 11, purge): devices are
   * never deleted (they are revoked), so the key only cost every link an index entry to insert
   * and purge, and no query reads links by device.
   */
  @RefColumn({ nullable: true }) usedByDeviceId!: string | null;

  /** Set when a newer access link replaces this unredeemed one, or staff revoke it. */
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;

  /** superseded: a newer access link replaced it; staff: withdrawn by the firm (no self-service). */
  @Column({ type: 'varchar', length: 16, nullable: true }) revokeReason!: LinkRevokeReason | null;

  /**
   * Access links (issue 14): SHA-256 of the "pending" cookie of the browser that asked for it.
   * The link redeems only in that browser; null on dispatch links (and on access links sent
   * before binding, which work anywhere within their hour).
   */
  @Column({ type: 'varchar', length: 64, nullable: true }) boundToHash!: string | null;

  /** Access links: HMAC-SHA256 (under APP_SECRET, with the link id) of the e-mailed 6-digit code. */
  @Column({ type: 'varchar', length: 64, nullable: true }) codeHash!: string | null;

  /** The code must be typed before this (10 minutes after sending). */
  @TimeColumn({ nullable: true }) codeExpiresAt!: Date | null;

  /** Code attempts, each counted before the code is checked; the code dies at 5. */
  @Column({ type: 'int', default: 0 }) codeAttempts!: number;
}
