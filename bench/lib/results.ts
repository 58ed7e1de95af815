import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

/** Writes a results file formatted as `npm run lint` (prettier --check) wants it. */
export async function writeJsonResult(file: string, value: unknown): Promise<void> {
  const pretty = await resolveConfig(file)
    .then((options) => format(JSON.stringify(value), { ...options, filepath: file }))
    .catch(() => `${JSON.stringify(value, null, 2)}\n`);
  await writeFile(file, pretty);
}

/**
 * The name of a run's results files: its start minute (`2026-11-28T0143`), or with the seconds
 * when a run that started in the same minute already wrote that name (short diagnostic runs back
 * to back would otherwise overwrite each other's results).
 */
export async function resultsStamp(dir: string, started: Date): Promise<string> {
  const iso = started.toISOString().replace(/:/g, '');
  const minute = iso.slice(0, 15);
  const taken = await access(join(dir, `${minute}.json`)).then(
    () => true,
    () => false,
  );
  return taken ? iso.slice(0, 17) : minute;
}
