// For the unit specs (excluded from the build, like every *.fixtures.ts).
import { QueryFailedError } from 'typeorm';

/**
 * A statement failure as TypeORM reports one: the driver's error (its message and fields such as
 * `code`, `errno`, `fatal`) wrapped in a QueryFailedError for `sql`.
 */
export function queryFailed(
  sql: string,
  message: string,
  fields: Record<string, unknown>,
): QueryFailedError {
  return new QueryFailedError(sql, [], Object.assign(new Error(message), fields));
}
