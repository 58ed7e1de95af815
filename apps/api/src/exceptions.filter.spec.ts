import {
  ArgumentsHost,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Logger,
  PayloadTooLargeException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ApiError } from '@app/contracts';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, DATABASE_FAULT_ANSWERS } from './exceptions.filter';
import { correlationIdOf } from './common/request-context';

interface FakeResponse {
  statusCode?: number;
  body?: ApiError;
  headers: Record<string, string>;
  headersSent: boolean;
  status(code: number): FakeResponse;
  json(body: ApiError): FakeResponse;
  setHeader(name: string, value: string): void;
}

function fakeHost() {
  const request = { method: 'POST', route: { path: '/api/things' }, headers: {} };
  const response: FakeResponse = {
    headers: {},
    headersSent: false,
    status(code) {
      this.statusCode = code;
      return this;
    },
    json(body) {
      this.body = body;
      return this;
    },
    setHeader(name, value) {
      this.headers[name.toLowerCase()] = value;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, request, response };
}

function run(exception: unknown) {
  const { host, request, response } = fakeHost();
  new AllExceptionsFilter().catch(exception, host);
  return { request, response, body: response.body as ApiError };
}

describe('AllExceptionsFilter', () => {
  let errorLog: jest.SpyInstance;

  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers an HttpException with statusCode, error, message and correlationId, and no stack', () => {
    const { request, response, body } = run(
      new ForbiddenException('Your staff role does not allow this.'),
    );
    expect(response.statusCode).toBe(403);
    expect(body).toEqual({
      statusCode: 403,
      error: 'forbidden',
      message: 'Your staff role does not allow this.',
      correlationId: correlationIdOf(request as never),
    });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('keeps a machine-readable error code and the per-field messages the thrower gave', () => {
    const fields = { 'requests.0.prompt': ['prompt should not be empty'] };
    const { response, body } = run(
      new UnprocessableEntityException({
        error: 'validation_failed',
        message: 'Please check it.',
        fields,
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(body).toMatchObject({ error: 'validation_failed', message: 'Please check it.', fields });
  });

  it('answers an unknown Error with a generic 500, logging the error but not showing it', () => {
    const error = new Error('SQLITE_CONSTRAINT: secret internal detail');
    const { response, body } = run(error);
    expect(response.statusCode).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'internal_error',
      message: 'Something went wrong on our side. Please try again.',
      correlationId: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(errorLog).toHaveBeenCalledTimes(1);
    expect(errorLog).toHaveBeenCalledWith(
      expect.objectContaining({
        correlationId: body.correlationId,
        error: 'SQLITE_CONSTRAINT: secret internal detail',
        stack: error.stack,
        method: 'POST',
        route: '/api/things',
      }),
    );
  });

  it('hides the message of a 5xx HttpException too, and logs it', () => {
    const { response, body } = run(
      new HttpException('db password is hunter2', HttpStatus.SERVICE_UNAVAILABLE),
    );
    expect(response.statusCode).toBe(503);
    expect(body.message).toBe('Something went wrong on our side. Please try again.');
    expect(errorLog).toHaveBeenCalled();
  });

  it('answers a thrown non-Error value with a generic 500', () => {
    const { response, body } = run('just a string');
    expect(response.statusCode).toBe(500);
    expect(body.error).toBe('internal_error');
  });

  it('answers a body-parser "entity.too.large" error with 413 and a clear message', () => {
    const { response, body } = run(
      Object.assign(new Error('request entity too large'), {
        status: 413,
        type: 'entity.too.large',
      }),
    );
    expect(response.statusCode).toBe(413);
    expect(body).toMatchObject({
      statusCode: 413,
      error: 'payload_too_large',
      message: 'The request body is too large.',
    });
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('answers a body-parser "entity.parse.failed" error with 400 saying the JSON is invalid', () => {
    const { response, body } = run({ status: 400, type: 'entity.parse.failed' });
    expect(response.statusCode).toBe(400);
    expect(body).toMatchObject({
      error: 'bad_request',
      message: 'The request body is not valid JSON.',
    });
  });

  it('answers a Nest PayloadTooLargeException with 413 too', () => {
    const { response, body } = run(new PayloadTooLargeException());
    expect(response.statusCode).toBe(413);
    expect(body.error).toBe('payload_too_large');
  });

  it('sets Retry-After on a 429 that says how long to wait', () => {
    const { response, body } = run(
      new HttpException(
        {
          error: 'too_many_requests',
          message: 'Please wait before asking again.',
          retryAfterSeconds: 42,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      ),
    );
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('42');
    expect(body).toMatchObject({ error: 'too_many_requests', retryAfterSeconds: 42 });
  });

  it('sets no Retry-After when the error does not say how long to wait', () => {
    const { response } = run(new ForbiddenException());
    expect(response.headers['retry-after']).toBeUndefined();
  });

  it('does not write a second response once headers were sent', () => {
    const { host, response } = fakeHost();
    response.headersSent = true;
    const status = jest.spyOn(response, 'status');
    new AllExceptionsFilter().catch(new ForbiddenException(), host);
    expect(status).not.toHaveBeenCalled();
  });

  // Express throws ERR_HTTP_HEADERS_SENT from setHeader once headers are out, so the filter must
  // check headersSent before it sets Retry-After. Remove `.failing` once it does.
  it('touches no header once headers were sent, even for a 429', () => {
    const { host, response } = fakeHost();
    response.headersSent = true;
    response.setHeader = () => {
      throw Object.assign(new Error('Cannot set headers after they are sent'), {
        code: 'ERR_HTTP_HEADERS_SENT',
      });
    };
    const filter = new AllExceptionsFilter();
    const tooMany = new HttpException(
      { message: 'Wait.', retryAfterSeconds: 5 },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    expect(() => filter.catch(tooMany, host)).not.toThrow();
  });

  describe('database faults answer 503 with Retry-After, never 500', () => {
    /** An error as mysql2 raises it: a code, and `fatal` when the connection is gone. */
    const driverError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
      Object.assign(new Error(message), { code, ...extra });
    /** The same error as TypeORM rethrows it from a query. */
    const queryFailed = (error: Error) =>
      new QueryFailedError('SELECT secret FROM t WHERE x = ?', ['p@example.com'], error);

    const unavailable: [string, unknown][] = [
      [
        'connection refused (server down)',
        driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306', { fatal: true }),
      ],
      [
        'connect timeout (server frozen or unreachable)',
        driverError('ETIMEDOUT', 'connect ETIMEDOUT', { fatal: true }),
      ],
      [
        'connection lost mid-query, wrapped by TypeORM',
        queryFailed(
          driverError(
            'PROTOCOL_CONNECTION_LOST',
            'Connection lost: The server closed the connection.',
            {
              fatal: true,
            },
          ),
        ),
      ],
      [
        'connection reset, wrapped by TypeORM (no fatal flag)',
        queryFailed(driverError('ECONNRESET', 'read ECONNRESET')),
      ],
      ['too many connections', driverError('ER_CON_COUNT_ERROR', 'Too many connections')],
      [
        'server shutting down',
        queryFailed(driverError('ER_SERVER_SHUTDOWN', 'Server shutdown in progress')),
      ],
      [
        'query timeout on a frozen server',
        queryFailed(driverError('PROTOCOL_SEQUENCE_TIMEOUT', 'Query inactivity timeout')),
      ],
      ['pool closed (during shutdown)', new Error('Pool is closed.')],
      [
        'a command on a dead connection',
        queryFailed(new Error("Can't add new command when connection is in closed state")),
      ],
      [
        'no pooled connection within the acquire timeout',
        driverError(
          'POOL_ACQUIRE_TIMEOUT',
          'No database connection became available within 3000 ms',
        ),
      ],
      [
        'refused because the database already failed in this request',
        driverError('DATABASE_FAILED_IN_REQUEST', 'The database was unreachable earlier'),
      ],
      [
        'a database error as the cause of another error',
        new Error('could not record', {
          cause: driverError('ECONNREFUSED', 'connect ECONNREFUSED', { fatal: true }),
        }),
      ],
    ];

    it.each(unavailable)('%s → 503 database_unavailable', (_name, exception) => {
      const { response, body } = run(exception);
      const answer = DATABASE_FAULT_ANSWERS.unavailable;
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(answer.retryAfterSeconds));
      expect(body).toEqual({
        statusCode: 503,
        error: 'database_unavailable',
        message: answer.message,
        retryAfterSeconds: answer.retryAfterSeconds,
        correlationId: expect.any(String),
      });
    });

    const busy: [string, unknown][] = [
      [
        'lock wait timeout',
        queryFailed(driverError('ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded')),
      ],
      ['deadlock', queryFailed(driverError('ER_LOCK_DEADLOCK', 'Deadlock found'))],
      ['SQLite busy', queryFailed(driverError('SQLITE_BUSY', 'database is locked'))],
      ['pool queue full', new Error('Queue limit reached.')],
    ];

    it.each(busy)('%s → 503 database_busy', (_name, exception) => {
      const { response, body } = run(exception);
      const answer = DATABASE_FAULT_ANSWERS.busy;
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(answer.retryAfterSeconds));
      expect(body).toMatchObject({ error: 'database_busy', message: answer.message });
    });

    it('logs a database fault as one warning with the driver code, no stack and no SQL', () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const { body } = run(
        queryFailed(driverError('PROTOCOL_CONNECTION_LOST', 'Connection lost', { fatal: true })),
      );
      expect(errorLog).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith({
        message: 'database unavailable',
        correlationId: body.correlationId,
        method: 'POST',
        route: '/api/things',
        code: 'PROTOCOL_CONNECTION_LOST',
      });
      expect(JSON.stringify(warn.mock.calls)).not.toMatch(/secret|p@example\.com|stack/);
    });

    const notDatabase: [string, unknown][] = [
      [
        'a unique violation (a bug or a race the service should handle)',
        queryFailed(driverError('ER_DUP_ENTRY', 'Duplicate entry')),
      ],
      ['a syntax error', queryFailed(driverError('ER_PARSE_ERROR', 'You have an error'))],
      [
        "a socket error that is not the database driver's (e.g. object storage)",
        driverError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:9000'),
      ],
      ['a plain Error', new Error('undefined is not a function')],
    ];

    it.each(notDatabase)('%s stays a 500 with a correlation id', (_name, exception) => {
      const { response, body } = run(exception);
      expect(response.statusCode).toBe(500);
      expect(response.headers['retry-after']).toBeUndefined();
      expect(body).toEqual({
        statusCode: 500,
        error: 'internal_error',
        message: 'Something went wrong on our side. Please try again.',
        correlationId: expect.any(String),
      });
      expect(errorLog).toHaveBeenCalledWith(
        expect.objectContaining({ correlationId: body.correlationId }),
      );
    });

    it('keeps an HttpException as it is, even one whose cause is a database error', () => {
      const { response } = run(
        new ForbiddenException('No.', {
          cause: driverError('ECONNREFUSED', 'connect ECONNREFUSED', { fatal: true }),
        }),
      );
      expect(response.statusCode).toBe(403);
    });
  });
});
