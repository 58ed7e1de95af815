/**
 * Creates an admin staff user from the command line:
 *   npm run staff:create-admin -- <username> [display name]
 * The password comes from STAFF_PASSWORD, or else the first line of standard input. Uses the
 * same configuration (DATABASE_URL, …) as the server, and brings the schema up to date first.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { passwordProblem } from '../common/password-policy';
import { hashPassword } from '../common/passwords';
import { textProblem } from '../common/text-rules';
import { ConfigError, loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { Staff } from '../staff/staff.entity';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (input is shown): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

export async function createAdmin(
  username: string,
  password: string,
  env: NodeJS.ProcessEnv,
  /** The name clients see on this admin's replies (issue 12); default: the username. */
  displayName?: string,
): Promise<string> {
  const name = username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(name)) {
    throw new Error('username must be 3 to 64 letters, digits, dots, dashes or underscores');
  }
  const shownName = displayName?.trim() || name;
  const nameProblem = textProblem(shownName, { shownToOthers: true });
  if (nameProblem || shownName.length > 100) {
    throw new Error(`the display name ${nameProblem ?? 'must be 1 to 100 characters long'}`);
  }
  const problem = passwordProblem(password, [name]);
  if (problem) throw new Error(problem);
  const config = loadConfig(env);
  // Only the staff table is written here; the migrations bring the whole schema up to date.
  const dataSource = new DataSource(dataSourceOptions(config.database, [Staff]));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const staff = dataSource.getRepository(Staff);
    if (await staff.existsBy({ username: name }))
      throw new Error(`staff user "${name}" already exists`);
    const id = randomUUID();
    await staff.insert({
      id,
      username: name,
      displayName: shownName,
      passwordHash: await hashPassword(password),
      role: 'admin',
      createdAt: new Date(),
      disabledAt: null,
    });
    return id;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const [username, ...nameWords] = process.argv.slice(2);
  if (!username)
    throw new Error(
      'Usage: npm run staff:create-admin -- <username> [display name]  (password from STAFF_PASSWORD or stdin)',
    );
  const password = process.env.STAFF_PASSWORD ?? (await readStdin());
  await createAdmin(username, password, process.env, nameWords.join(' ') || undefined);
  process.stdout.write(`Admin "${username.trim().toLowerCase()}" created.\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Could not create the admin: ${message}\n`);
    process.exit(1);
  });
}
