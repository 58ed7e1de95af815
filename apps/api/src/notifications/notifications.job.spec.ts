import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { JobLeases } from '../database/job-leases.service';
import { NotificationsJob } from './notifications.job';
import type { NotificationsService } from './notifications.service';

describe('NotificationsJob.tick', () => {
  it('skips a tick while a pass of this instance is still running (no overlap)', async () => {
    let finish!: () => void;
    const run = jest.fn(
      () =>
        new Promise<{ notices: number; mails: number }>((resolve) => {
          finish = () => resolve({ notices: 1, mails: 1 });
        }),
    );
    const notifications = {
      hasWork: jest.fn(() => Promise.resolve(true)),
      run,
    } as unknown as NotificationsService;
    const leases = { claim: jest.fn(() => Promise.resolve(true)) } as unknown as JobLeases;
    const config = { staffNotify: { pollMs: 1000 } } as unknown as AppConfig;
    const job = new NotificationsJob(leases, notifications, {} as never, new Clock(), config);

    const first = job.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(run).toHaveBeenCalledTimes(1);
    await expect(job.tick()).resolves.toBeNull(); // the second tick skips
    finish();
    await expect(first).resolves.toEqual({ notices: 1, mails: 1 });
    // Once the pass is over, the next tick runs again.
    const third = job.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await third;
  });
});
