import { Column, Entity, Index } from 'typeorm';
import type { WebhookDeliveryStatus } from '@app/contracts';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * The webhook outbox (issue 12): one row per endpoint per event, written with the event's
 * fan-out mark in one transaction; the unique (endpoint, event) pair makes a second fan-out of
 * the same event impossible. Claimed like mail: a token and a lease per claim.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_endpoint_event', ['endpointId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_pending', ['status', 'nextAttemptAt'])
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @IdColumn() id!: string;

  @RefColumn() endpointId!: string;

  @RefColumn() eventId!: string;

  @Column({ type: 'varchar', length: 48 }) eventType!: string;

  /** The JSON body, fixed when queued so a retry or a replay sends the same bytes. */
  @Column({ type: 'text' }) payload!: string;

  @Column({ type: 'varchar', length: 16 }) status!: WebhookDeliveryStatus;

  @Column({ type: 'int' }) attempts!: number;

  @TimeColumn() nextAttemptAt!: Date;

  @TimeColumn({ nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true }) lastError!: string | null;

  @Column({ type: 'int', nullable: true }) lastStatusCode!: number | null;

  @TimeColumn() createdAt!: Date;

  @TimeColumn({ nullable: true }) deliveredAt!: Date | null;
}
