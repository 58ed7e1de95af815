// Proves the real parts of the test harness work, without the app.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { createTransport } from 'nodemailer';
import { acceptMail, extractLink, mailsTo, refuseMail, waitForMail } from '../support/mail';
import { createDatabase, dropDatabase, startMariaDb } from '../support/mariadb';
import { freePort, isPortFree } from '../support/ports';

const describeWithMariaDb = process.env.E2E_DB === 'mariadb' ? describe : describe.skip;

describeWithMariaDb('the MariaDB harness', () => {
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase(process.env.E2E_MARIADB_ROOT_URL ?? '');
  });

  afterAll(async () => {
    await dropDatabase(databaseUrl);
  });

  it('gives each caller its own utf8mb4 database on a real MariaDB', async () => {
    const connection = await createConnection(databaseUrl.replace(/^mariadb:/, 'mysql:'));
    try {
      const [version] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
      expect(version[0].version).toMatch(/MariaDB/);

      const [schema] = await connection.query<RowDataPacket[]>(
        'SELECT DATABASE() AS name, @@collation_database AS collation',
      );
      expect(`/${schema[0].name}`).toBe(new URL(databaseUrl).pathname);
      expect(schema[0].collation).toBe('utf8mb4_unicode_ci');
    } finally {
      await connection.end();
    }
  });
});

describe('freePort', () => {
  it('hands out free ports below the ephemeral range, which outgoing connections never take', async () => {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralLow);
      expect(await isPortFree(port)).toBe(true);
    }
    expect(new Set(ports).size).toBeGreaterThan(1);
  });
});

describeWithMariaDb('a test MariaDB whose port was taken before it bound', () => {
  it('starts again on another port', async () => {
    const taken = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((listening) => holder.listen(taken, '127.0.0.1', listening));
    const handed: number[] = [];
    try {
      const server = await startMariaDb({
        pickPort: async () => {
          const port = handed.length === 0 ? taken : await freePort();
          handed.push(port);
          return port;
        },
      });
      try {
        expect(handed).toHaveLength(2);
        expect(server.port).toBe(handed[1]);
        expect(server.port).not.toBe(taken);
        const connection = await createConnection(server.rootUrl);
        try {
          const [rows] = await connection.query<RowDataPacket[]>('SELECT 1 AS one');
          expect(rows[0].one).toBe(1);
        } finally {
          await connection.end();
        }
      } finally {
        await server.stop();
      }
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });
});

describe('the SMTP catcher', () => {
  const transport = createTransport(process.env.E2E_SMTP_URL);
  const token = randomBytes(32).toString('base64url');

  afterAll(() => transport.close());

  it('catches a real message and finds the unique link in it', async () => {
    const startedAt = Date.now();
    const subject = `Harness check ${randomBytes(4).toString('hex')}`;

    await transport.sendMail({
      from: 'Client Portal <portal@firm.test>',
      to: 'Someone <Someone@Client.test>',
      subject,
      text: `Hello,\n\nOpen your tasks: http://portal.test/l/${token}\n`,
      html: `<p>Open your <a href="http://portal.test/l/${token}">tasks</a></p>`,
    });

    const mail = await waitForMail({
      to: 'someone@client.test',
      subjectIncludes: subject,
      after: startedAt,
    });
    expect(mail.to).toEqual(['someone@client.test']);
    expect(mail.from).toContain('portal@firm.test');
    expect(mail.html).toContain('<a href=');
    expect(mail.headers['subject']).toBe(subject);
    expect(extractLink(mail, 'http://portal.test/')).toEqual({
      url: `http://portal.test/l/${token}`,
      token,
    });
    expect(await mailsTo('SOMEONE@client.test')).toContainEqual(mail);
  });

  it('answers 451 to refused recipients while the .refuse switch is on', async () => {
    const refused = `refused-${randomBytes(4).toString('hex')}@client.test`;
    // Name the address, so spec files running in parallel keep receiving mail.
    await refuseMail([refused]);
    try {
      await expect(
        transport.sendMail({ from: 'portal@firm.test', to: refused, subject: 'x', text: 'x' }),
      ).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await acceptMail();
    }

    await transport.sendMail({ from: 'portal@firm.test', to: refused, subject: 'y', text: 'y' });
    await expect(waitForMail({ to: refused, subjectIncludes: 'y' })).resolves.toBeDefined();
  });

  it('explains what it saw when the expected mail does not come', async () => {
    await expect(waitForMail({ to: 'nobody@client.test', timeoutMs: 200 })).rejects.toThrow(
      /No mail to nobody@client\.test within 200 ms\. Seen \d+ mail/,
    );
  });
});
