import { Column, Entity, Index } from 'typeorm';
import { HashColumn, IdColumn, TimeColumn } from '../database/columns';

/**
 * One Idempotency-Key an admin caller sent with a POST (issue 12). The unique (scope, key hash)
 * is inserted BEFORE the request runs, so of two concurrent duplicates (on one instance, on two,
 * or on two Galera nodes) exactly one insert wins and runs; the other waits or answers 409. The
 * first answer is kept so a retry returns it without running again. Purged after `expires_at`.
 */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_scope_key', ['scope', 'keyHash'], { unique: true })
@Index('ix_idempotency_keys_expires', ['expiresAt'])
export class IdempotencyKey {
  @IdColumn() id!: string;

  /** Whose key it is: `staff:<staff id>` (keys of different callers never meet). */
  @Column({ type: 'varchar', length: 80 }) scope!: string;

  /** SHA-256 of the key as sent (hex). */
  @HashColumn() keyHash!: string;

  /** SHA-256 of method, path and canonical JSON body: same key with another body → 422. */
  @HashColumn() fingerprint!: string;

  @Column({ type: 'varchar', length: 8 }) state!: 'running' | 'done';

  @Column({ type: 'int', nullable: true }) statusCode!: number | null;

  /** The first answer's JSON body, replayed to a retry. */
  @Column({ type: 'text', nullable: true }) response!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() expiresAt!: Date;
}
