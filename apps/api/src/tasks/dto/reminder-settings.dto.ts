import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { TaskReminderSettings } from '@app/contracts';

/**
 * A task's own reminder settings (issue 13): `off` sends none; each other field given replaces
 * the firm's default (REMINDER_* settings) for this task only.
 */
export class ReminderSettingsDto implements TaskReminderSettings {
  @ApiPropertyOptional({ description: 'No reminders at all for this task.' })
  @IsOptional()
  @IsBoolean()
  off?: boolean;

  @ApiPropertyOptional({
    type: [Number],
    example: [7, 3],
    description: 'Days before the due date to remind (each 1-90, at most 10 values).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true, message: 'daysBefore must hold whole numbers of days' })
  @Min(1, { each: true, message: 'daysBefore must hold days from 1 to 90' })
  @Max(90, { each: true, message: 'daysBefore must hold days from 1 to 90' })
  daysBefore?: number[];

  @ApiPropertyOptional({ description: 'Remind on the due date itself.' })
  @IsOptional()
  @IsBoolean()
  onDueDate?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 90,
    description: 'While overdue, remind every this many days; 0: no overdue reminders.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  overdueEveryDays?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 50,
    description: 'At most this many reminders for the task.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  max?: number;
}

/** What is stored in tasks.reminder_settings: only the fields given, as JSON; null for none. */
export function reminderSettingsJson(
  input: TaskReminderSettings | null | undefined,
): string | null {
  if (!input) return null;
  const settings: TaskReminderSettings = {};
  if (input.off !== undefined) settings.off = input.off;
  if (input.daysBefore !== undefined) {
    settings.daysBefore = [...new Set(input.daysBefore)].sort((a, b) => b - a);
  }
  if (input.onDueDate !== undefined) settings.onDueDate = input.onDueDate;
  if (input.overdueEveryDays !== undefined) settings.overdueEveryDays = input.overdueEveryDays;
  if (input.max !== undefined) settings.max = input.max;
  return Object.keys(settings).length === 0 ? null : JSON.stringify(settings);
}
