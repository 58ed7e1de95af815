import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/** Writes a results file formatted as `npm run lint` (prettier --check) wants it. */
export async function writeJsonResult(file: string, value: unknown): Promise<void> {
  const pretty = await resolveConfig(file)
    .then((options) => format(JSON.stringify(value), { ...options, filepath: file }))
    .catch(() => `${JSON.stringify(value, null, 2)}\n`);
  await writeFile(file, pretty);
}
