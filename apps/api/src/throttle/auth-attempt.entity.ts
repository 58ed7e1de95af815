import { Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn, TimeColumn } from '../database/columns';

export type AttemptScope =
  | 'login_account'
  | 'login_address'
  | 'staff_account'
  | 'staff_address'
  | 'pin_address'
  | 'pin_reference'
  | 'code_client'
  | 'code_address';

/**
 * One claimed sign-in or PIN attempt, counted per account name, per network address, … A limit
 * of N attempts per key has N slots (0 … N-1): an attempt must take a free slot BEFORE its
 * password is checked, by a single conditional write (an insert of a missing slot, which the
 * primary key lets only one writer win, or a compare-and-set update of an expired one). So
 * parallel requests, on any number of instances and on a Galera cluster (where two writers of
 * one row conflict at certification), can never verify more than N passwords per window.
 */
@Entity('auth_attempts')
@Index('ix_auth_attempts_claimed', ['claimedAt'])
export class AuthAttempt {
  @PrimaryColumn({ type: 'varchar', length: 16 }) scope!: AttemptScope;

  /** SHA-256 of the scope and the username tried or the address: no raw identifier is kept. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) keyHash!: string;

  @PrimaryColumn({ type: 'int' }) slot!: number;

  /** Who holds the slot now: a fresh id per claim, so only its holder can release it. */
  @RefColumn() claimId!: string;

  @TimeColumn() claimedAt!: Date;
}
