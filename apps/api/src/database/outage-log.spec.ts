import { DatabaseOutageLog } from './outage-log';

function setup() {
  const lines: { level: string; line: Record<string, unknown> }[] = [];
  const at = (level: string) => (line: Record<string, unknown>) => lines.push({ level, line });
  const log = new DatabaseOutageLog(
    { error: at('error'), warn: at('warn'), log: at('log') },
    'jobs',
  );
  return { log, lines };
}

const unreachable = () =>
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', fatal: true });

describe('DatabaseOutageLog', () => {
  it('tells an outage once, however many passes fail, and once when a pass runs through', () => {
    const { log, lines } = setup();
    log.succeeded(); // nothing to tell
    for (let i = 0; i < 5; i++) log.failed(unreachable());
    log.succeeded();
    log.succeeded();
    expect(lines.map((l) => [l.level, l.line.message])).toEqual([
      ['warn', 'jobs paused: database unavailable'],
      ['log', 'jobs resumed: database back'],
    ]);
    expect(lines[0].line).toMatchObject({ fault: 'unavailable', code: 'ECONNREFUSED' });
    expect(typeof lines[1].line.pausedMs).toBe('number');

    log.failed(unreachable()); // a second outage is told again
    expect(lines.at(-1)?.line.message).toBe('jobs paused: database unavailable');
  });

  it('tells every other failure as an error, each time', () => {
    const { log, lines } = setup();
    log.failed(new Error('a bug'));
    log.failed(new Error('a bug'));
    expect(lines.map((l) => l.level)).toEqual(['error', 'error']);
    expect(lines[0].line).toEqual({ message: 'jobs pass failed', error: 'Error: a bug' });
  });
});
