import { Column, Entity, Index } from 'typeorm';
import { HashColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** staff: subjectId is a staff id; client: a login, subjectId is the client id; pin: a dispatch id. */
export type SessionSubject = 'staff' | 'client' | 'pin';

/** Server-side sessions: only the SHA-256 of the opaque token is kept. */
@Entity('sessions')
@Index('ix_sessions_subject', ['subjectType', 'subjectId'])
@Index('ix_sessions_expires', ['expiresAt'])
export class Session {
  @IdColumn() id!: string;

  @Index('uq_sessions_token_hash', { unique: true })
  @HashColumn()
  tokenHash!: string;

  @Column({ type: 'varchar', length: 16 }) subjectType!: SessionSubject;

  @RefColumn() subjectId!: string;

  /** "Chrome on Android", for the client's list of sessions. */
  @Column({ type: 'varchar', length: 200, nullable: true }) label!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() lastSeenAt!: Date;
  @TimeColumn() expiresAt!: Date;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;
}
