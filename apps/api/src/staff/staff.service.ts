import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Staff } from './staff.entity';

@Injectable()
export class StaffService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Staff');

  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The first admin comes from ADMIN_USERNAME / ADMIN_PASSWORD when no staff exist yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.staff;
    if (!adminUsername || (await this.staff.count()) > 0) return;
    let password = adminPassword;
    if (!password) {
      if (this.config.env === 'production') return;
      password = randomBytes(12).toString('base64url');
      const file = resolve('var/admin-password');
      mkdirSync(resolve('var'), { recursive: true });
      writeFileSync(file, `${adminUsername}\n${password}\n`, { mode: 0o600 });
      this.logger.log({
        message: 'first admin created; its password is in a file',
        username: adminUsername,
        file,
      });
    }
    await this.staff.insert({
      id: newId(),
      username: adminUsername.toLowerCase(),
      passwordHash: await hashPassword(password),
      role: 'admin',
      createdAt: this.clock.now(),
      disabledAt: null,
    });
  }

  /** The staff member for these credentials, or null; the same work either way. */
  async verifyCredentials(username: string, password: string): Promise<Staff | null> {
    const member = await this.staff.findOne({
      where: { username: username.trim().toLowerCase(), disabledAt: IsNull() },
    });
    const ok = await verifyPassword(member?.passwordHash ?? (await decoyPasswordHash()), password);
    return member && ok ? member : null;
  }
}
