import { Column, Entity } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** A registered webhook endpoint (issue 12). The secret is sealed with APP_SECRET to its row. */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 2048 }) url!: string;

  /** Comma-separated event types. */
  @Column({ type: 'varchar', length: 500 }) events!: string;

  @Column({ type: 'text' }) sealedSecret!: string;

  @Column({ type: 'boolean' }) active!: boolean;

  /**
   * Since when it has been active (created active, or last resumed); null while paused. It hears
   * the events of that time on, never older ones: while no endpoint is active the fan-out reads
   * and marks nothing (issue 11: a mark per event was most of what an event cost the database).
   */
  @TimeColumn({ nullable: true }) activeSince!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true }) description!: string | null;

  @RefColumn({ nullable: true }) createdBy!: string | null;

  @TimeColumn() createdAt!: Date;

  @TimeColumn() updatedAt!: Date;
}
