import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

export type AuditActor = 'staff' | 'client' | 'device' | 'system' | 'anonymous';

/** Append-only record of every security event (SPEC rule 21). Never holds a token. */
@Entity('audit_events')
@Index('ix_audit_events_created', ['createdAt'])
@Index('ix_audit_events_client', ['clientId', 'createdAt'])
@Index('ix_audit_events_type_ip', ['type', 'ip', 'createdAt'])
export class AuditEvent {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 64 }) type!: string;

  @Column({ type: 'varchar', length: 16 }) actorType!: AuditActor;

  @RefColumn({ nullable: true }) actorId!: string | null;

  @RefColumn({ nullable: true }) clientId!: string | null;

  @RefColumn({ nullable: true }) subjectId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;

  @Column({ type: 'text', nullable: true }) detail!: string | null;

  @TimeColumn() createdAt!: Date;
}
