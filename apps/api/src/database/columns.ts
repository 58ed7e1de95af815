import { randomUUID } from 'node:crypto';
import { Column, ColumnOptions, PrimaryColumn } from 'typeorm';

/** Shared column shapes, so every table spells ids and times the same way on both drivers. */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, ...options });
/**
 * Times keep milliseconds on every driver: MySQL/MariaDB `datetime` alone drops them (things done
 * within one second would tie and sort arbitrarily), so it is `datetime(3)`; SQLite stores the
 * text TypeORM writes, which already carries `.SSS`.
 */
export const TimeColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, ...options });
export const HashColumn = (): PropertyDecorator => Column({ type: 'varchar', length: 64 });

export const newId = (): string => randomUUID();
