/** Whether a value is a promise or any other thenable (what `await` would wait on). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
