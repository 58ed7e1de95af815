// Parallel duplicate creations: exactly one wins, every other one is told why, one row is stored.
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * Asserts one 201 and only 409s with this body (error code and message) for the rest, and that
 * `sql` (a query on the contested value) finds exactly one stored row.
 */
export async function expectOneCreated(
  answers: Response[],
  conflict: { error: string; message: string },
  stored: { db: DataSource; sql: string; value: string },
): Promise<void> {
  expect(answers.map((a) => a.status).sort()).toEqual([
    201,
    ...Array<number>(answers.length - 1).fill(409),
  ]);
  for (const lost of answers.filter((a) => a.status === 409)) {
    expect(lost.body).toMatchObject(conflict);
  }
  const rows: unknown[] = await stored.db.query(stored.sql, [stored.value]);
  expect(rows).toHaveLength(1);
}
