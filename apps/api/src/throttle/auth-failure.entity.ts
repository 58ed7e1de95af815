import { Column, Entity, Index } from 'typeorm';
import { HashColumn, IdColumn, TimeColumn } from '../database/columns';

export type FailureScope = 'login_account' | 'login_address' | 'pin_address';

/**
 * One failed sign-in or PIN attempt, counted per account name and per network address. Kept in
 * the database so the limits hold across every running instance.
 */
@Entity('auth_failures')
@Index('ix_auth_failures_key', ['scope', 'keyHash', 'createdAt'])
@Index('ix_auth_failures_created', ['createdAt'])
export class AuthFailure {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 16 }) scope!: FailureScope;

  /** SHA-256 of the username tried or of the address: no raw identifier is kept. */
  @HashColumn() keyHash!: string;

  @TimeColumn() createdAt!: Date;
}
