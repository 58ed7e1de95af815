// Issue 9 item 6 (SPEC rules 12, 15, 19): nothing tells a real reference or username from an
// unknown one. An unknown PIN reference and a wrong PIN on a real one, an unknown username and a
// wrong password (client and staff) get the same status, body and headers, through the lock too.
// Both sides are requested and compared in full, except for what differs on every response:
import request from 'supertest';
import { createLogin, pinDispatch, trustedBrowser, uniqueUsername } from '../factories/account-api';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

/**
 * Headers that differ between any two responses: the time, the request's correlation id
 * (echoed as X-Request-Id; the body's `correlationId` likewise), and ETag (a hash of a body that
 * holds that id). Everything else, Retry-After and Content-Length included, must be equal.
 */
const VOLATILE_HEADERS = ['date', 'x-request-id', 'etag'];

// The very argon2 module the app verifies with (same jest module registry): a spy that calls
// through shows the work each request did, without faking any of our code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const argon2 = require('argon2') as typeof import('argon2');

/** The argon2 verifications one request made: the parameters of each hash checked. */
async function work(send: () => request.Test): Promise<string[]> {
  const verify = jest.spyOn(argon2, 'verify');
  try {
    await send();
    // "$argon2id$v=19$m=19456,p=1,t=2$<salt>$<hash>" -> the algorithm and cost parameters.
    return verify.mock.calls.map(([hash]) => hash.split('$').slice(1, 4).join('$'));
  } finally {
    verify.mockRestore();
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

function answer(res: request.Response): Answer {
  const body = { ...(res.body as Record<string, unknown>) };
  expect(typeof body.correlationId).toBe('string');
  delete body.correlationId;
  const headers = { ...(res.headers as Record<string, unknown>) };
  for (const name of VOLATILE_HEADERS) delete headers[name];
  return { status: res.status, body, headers };
}

describe('same answer', () => {
  let t: TestApp;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  it('the volatile headers left out of the comparison are only those listed', async () => {
    const one = await request(t.http)
      .post('/api/pin/sessions')
      .send({ reference: 'T-AAAA', pin: '1234' });
    const two = await request(t.http)
      .post('/api/pin/sessions')
      .send({ reference: 'T-AAAA', pin: '1234' });
    const differing = Object.keys(one.headers).filter((h) => one.headers[h] !== two.headers[h]);
    for (const h of differing) expect(VOLATILE_HEADERS).toContain(h);
  });

  it('for an unknown PIN reference and a wrong PIN on a real one, attempt by attempt through the lock', async () => {
    const legacy = await pinDispatch(staff);
    const wrong = legacy.pin === '00000000' ? '11111111' : '00000000';
    const enter = (reference: string, ip: string): Promise<request.Response> =>
      browserAgent(t.http)
        .post('/api/pin/sessions')
        .set('X-Forwarded-For', ip)
        .send({ reference, pin: wrong })
        .then((r) => r);
    const answers: { real: Answer; unknown: Answer }[] = [];
    // Alternating, one address per side, so neither side's address count differs.
    for (let i = 0; i < 6; i++) {
      const real = answer(await enter(legacy.reference, '198.51.100.61'));
      const unknown = answer(await enter('T-UNKNOWN9', '198.51.100.62'));
      answers.push({ real, unknown });
    }
    expect(answers.map((a) => a.real.status)).toEqual([401, 401, 401, 401, 429, 429]);
    for (const [i, { real, unknown }] of answers.entries()) {
      if (i === 5) {
        // Time passes between the two requests: the remaining lock may differ by one second.
        const r = Number(real.headers['retry-after']);
        const u = Number(unknown.headers['retry-after']);
        expect(Math.abs(r - u)).toBeLessThanOrEqual(1);
        expect(r).toBeGreaterThan(14 * 60);
        for (const a of [real, unknown]) {
          delete a.headers['retry-after'];
          delete a.body.retryAfterSeconds;
        }
      }
      expect({ attempt: i + 1, ...unknown }).toEqual({ attempt: i + 1, ...real });
    }
    expect(answers[0].real.body).toEqual({
      statusCode: 401,
      error: 'pin_failed',
      message: 'The reference or PIN is not right. Check both in your e-mail.',
    });
    expect(answers[4].real.body).toMatchObject({ error: 'pin_locked', retryAfterSeconds: 900 });
  });

  it('for an unknown username and a wrong password at client sign-in', async () => {
    const known = await createLogin(await trustedBrowser(t.http, staff));
    const login = (username: string): Promise<request.Response> =>
      request(t.http)
        .post('/api/account/login')
        .set('X-Forwarded-For', '198.51.100.71')
        .send({ username, password: 'not the password!' })
        .then((r) => r);
    const wrong = answer(await login(known.username));
    const unknown = answer(await login(uniqueUsername('ghost')));
    const unknownEmail = answer(await login('nobody.here@example.com'));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'sign_in_failed',
      message: 'The username or password is not right.',
    });
    expect(unknown).toEqual(wrong);
    expect(unknownEmail).toEqual(wrong);
  });

  it('for an unknown username and a wrong password at staff sign-in', async () => {
    const login = (username: string): Promise<request.Response> =>
      request(t.http)
        .post('/api/staff/login')
        .set('X-Forwarded-For', '198.51.100.81')
        .send({ username, password: 'not the password!' })
        .then((r) => r);
    const wrong = answer(await login('admin'));
    const unknown = answer(await login(uniqueUsername('ghost')));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'sign_in_failed',
      message: 'The username or password is not right.',
    });
    expect(unknown).toEqual(wrong);
  });

  it('for an unknown username and a known one once the account limit is reached (staff and client)', async () => {
    const known = await createLogin(await trustedBrowser(t.http, staff));
    const member = uniqueUsername('staff');
    await staff
      .post('/api/admin/staff')
      .send({ username: member, password: 'a long staff pass phrase', role: 'staff' })
      .expect(201);
    for (const [path, real] of [
      ['/api/account/login', known.username],
      ['/api/staff/login', member],
    ] as const) {
      const ghost = uniqueUsername('ghost');
      const answers: { real: Answer; unknown: Answer }[] = [];
      for (let i = 0; i < 6; i++) {
        const attempt = (username: string, ip: string): Promise<request.Response> =>
          request(t.http)
            .post(path)
            .set('X-Forwarded-For', ip)
            .send({ username, password: 'not the password!' })
            .then((r) => r);
        answers.push({
          real: answer(await attempt(real, `198.51.100.${100 + i}`)),
          unknown: answer(await attempt(ghost, `198.51.100.${110 + i}`)),
        });
      }
      expect(answers.map((a) => a.real.status)).toEqual([401, 401, 401, 401, 401, 429]);
      for (const [i, { real, unknown }] of answers.entries()) {
        if (i === 5) {
          // The window opens when each side's oldest failure leaves it: may differ by a second.
          const r = Number(real.headers['retry-after']);
          expect(Math.abs(r - Number(unknown.headers['retry-after']))).toBeLessThanOrEqual(1);
          for (const a of [real, unknown]) {
            delete a.headers['retry-after'];
            delete a.body.retryAfterSeconds;
          }
        }
        expect({ path, attempt: i + 1, ...unknown }).toEqual({ path, attempt: i + 1, ...real });
      }
    }
  });

  it('costs the same argon2 work for unknown names and references as for real ones', async () => {
    const legacy = await pinDispatch(staff);
    const known = await createLogin(await trustedBrowser(t.http, staff));
    const post = (path: string, body: object) => () =>
      request(t.http).post(path).set('X-Forwarded-For', '198.51.100.91').send(body);
    const wrong = 'not the password!';
    const pairs = [
      [
        post('/api/pin/sessions', { reference: legacy.reference, pin: '99999999' }),
        post('/api/pin/sessions', { reference: 'T-UNKNOWN8', pin: '99999999' }),
      ],
      [
        post('/api/account/login', { username: known.username, password: wrong }),
        post('/api/account/login', { username: uniqueUsername('ghost'), password: wrong }),
      ],
      [
        post('/api/staff/login', { username: 'admin', password: wrong }),
        post('/api/staff/login', { username: uniqueUsername('ghost'), password: wrong }),
      ],
    ];
    for (const [real, unknown] of pairs) {
      const realWork = await work(real);
      expect(realWork).toEqual(['argon2id$v=19$m=19456,p=1,t=2']);
      expect(await work(unknown)).toEqual(realWork);
    }
  });
});
