/**
 * Which filesystem a folder is on, and how it is mounted (Linux, from /proc/self/mountinfo). The
 * bench records it for MariaDB's data dir: with online `discard`, deleting a large file (the
 * purge's month of expired links, about 730 MB for a million) makes the kernel hand every freed
 * block to the device while it commits, and every fsync on that filesystem waits: MariaDB's
 * commits, the product's and the baseline's alike (bench/lab/drop-lab.ts, bench/HISTORY.md).
 */
import { readFileSync, realpathSync } from 'node:fs';

export interface Filesystem {
  /** The mount point the folder is under. */
  mountPoint: string;
  /** ext4, xfs, tmpfs, … */
  type: string;
  /** The mount's options and the filesystem's own (`rw,relatime,discard`, …). */
  options: string;
  /** Mounted with online discard: every delete trims its blocks synchronously. */
  onlineDiscard: boolean;
}

/** The filesystem `folder` is on; null where /proc/self/mountinfo cannot be read. */
export function filesystemOf(folder: string): Filesystem | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return null;
  }
  const path = realpathOr(folder);
  let best: Filesystem | null = null;
  for (const line of text.split('\n')) {
    // id parent major:minor root mount-point mount-options [optional…] - type source super-options
    const [left, right] = line.split(' - ');
    if (!right) continue;
    const fields = left.split(' ');
    const mountPoint = unescape(fields[4] ?? '');
    const [type, , superOptions = ''] = right.split(' ');
    if (!isUnder(path, mountPoint)) continue;
    // The last mount on a point wins (a later mount hides an earlier one), as does the deepest.
    if (best && mountPoint.length < best.mountPoint.length) continue;
    const options = `${fields[5] ?? ''},${superOptions}`;
    best = {
      mountPoint,
      type,
      options,
      onlineDiscard: options.split(',').includes('discard'),
    };
  }
  return best;
}

/** One line for the bench's log and report. */
export function filesystemText(folder: string, fs: Filesystem | null): string {
  if (!fs) return `${folder} (filesystem unknown)`;
  return `${folder} (${fs.type} at ${fs.mountPoint}, online discard ${fs.onlineDiscard ? 'on' : 'off'})`;
}

function realpathOr(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

function isUnder(path: string, mountPoint: string): boolean {
  if (mountPoint === '/') return path.startsWith('/');
  return path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/** mountinfo writes a space, tab, newline and backslash in a path as octal escapes. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
