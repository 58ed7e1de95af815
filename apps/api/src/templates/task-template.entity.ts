import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * A reusable task (issue 12): what staff compose from, e.g. "Power of attorney". The requests
 * are stored as JSON (`[{ kind, prompt }]`, validated as task requests are). A template that was
 * used is archived, never deleted; an archived one is not offered but its name stays taken.
 */
@Entity('task_templates')
export class TaskTemplate {
  @IdColumn() id!: string;

  @Index('uq_task_templates_name', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 200 }) title!: string;

  @Column({ type: 'text', nullable: true }) description!: string | null;

  /** JSON array of `{ kind, prompt }`. */
  @Column({ type: 'text' }) requests!: string;

  /** The due date is this many days after the day of sending; null: no due date. */
  @Column({ type: 'int', nullable: true }) dueInDays!: number | null;

  @Column({ type: 'boolean', default: false }) statutory!: boolean;

  /** How many tasks were composed from it (a used template is archived, not deleted). */
  @Column({ type: 'int', default: 0 }) uses!: number;

  @RefColumn({ nullable: true }) createdByStaffId!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() updatedAt!: Date;
  @TimeColumn({ nullable: true }) archivedAt!: Date | null;
}
