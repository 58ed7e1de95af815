import { randomUUID } from 'node:crypto';
import { Column, ColumnOptions, PrimaryColumn } from 'typeorm';

/** Shared column shapes, so every table spells ids and times the same way on both drivers. */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, ...options });
export const TimeColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'datetime', ...options });
export const HashColumn = (): PropertyDecorator => Column({ type: 'varchar', length: 64 });

export const newId = (): string => randomUUID();
