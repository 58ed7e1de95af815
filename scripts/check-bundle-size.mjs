// Fails the portal build when the initial bundle (what index.html loads before any lazy route:
// scripts, module preloads and styles) is over the limit gzipped. Angular's budgets measure raw
// bytes; this measures what a phone actually downloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/portal/browser';
const limitKb = Number(process.env.PORTAL_INITIAL_GZIP_KB ?? 150);
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  total += size;
  process.stdout.write(`  ${file.padEnd(28)} ${(size / 1024).toFixed(1).padStart(7)} kB gzipped\n`);
}
const summary = `Initial portal bundle: ${(total / 1024).toFixed(1)} kB gzipped (limit ${limitKb} kB)`;
if (total > limitKb * 1024) {
  process.stderr.write(`${summary}: too large\n`);
  process.exit(1);
}
process.stdout.write(`${summary}\n`);
