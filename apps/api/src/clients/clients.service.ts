import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { ClientView } from '@app/contracts';
import { Clock } from '../common/clock';
import { normaliseEmail } from '../common/crypto';
import { newId } from '../database/columns';
import { isUniqueViolation } from '../database/database-errors';
import { locksRows } from '../database/dialect';
import { Client } from './client.entity';
import type { CreateClientDto } from './dto/create-client.dto';
import type { UpdateClientDto } from './dto/update-client.dto';

export function toClientView(client: Client): ClientView {
  return {
    id: client.id,
    email: client.email,
    name: client.name,
    portalEnabledFrom: client.portalEnabledFrom?.toISOString() ?? null,
    createdAt: client.createdAt.toISOString(),
  };
}

const emailTaken = (
  message = 'A client with this order email already exists.',
): ConflictException => new ConflictException({ error: 'email_taken', message });
const emailOfAnother = (): ConflictException =>
  emailTaken('Another client already has this order email.');

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateClientDto): Promise<Client> {
    const email = normaliseEmail(input.email);
    if (await this.clients.exists({ where: { email } })) {
      throw emailTaken();
    }
    const now = this.clock.now();
    const client = this.clients.create({
      id: newId(),
      email,
      name: input.name,
      portalEnabledFrom: input.portalEnabledFrom ? new Date(input.portalEnabledFrom) : now,
      createdAt: now,
    });
    try {
      // One INSERT on its own, not save()'s transaction: on a Galera cluster a simultaneous
      // creation on another node fails this one's certification, and the node runs a lone
      // statement again (wsrep_retry_autocommit), which then meets the unique index (409); a
      // transaction would end in a deadlock error (503).
      await this.clients.insert(client);
      return client;
    } catch (error) {
      // A simultaneous creation won the unique index; anything else (a lost connection, a
      // database fault) is rethrown, never reported as someone else's row.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Changes the given fields; a new order email must not belong to another client. */
  async update(id: string, input: UpdateClientDto): Promise<Client> {
    const client = await this.get(id);
    const changes: Partial<Client> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.portalEnabledFrom !== undefined) {
      changes.portalEnabledFrom = input.portalEnabledFrom
        ? new Date(input.portalEnabledFrom)
        : null;
    }
    if (input.email !== undefined) {
      const email = normaliseEmail(input.email);
      const holder = await this.clients.findOneBy({ email });
      if (holder && holder.id !== id) {
        throw emailOfAnother();
      }
      changes.email = email;
    }
    if (Object.keys(changes).length === 0) return client;
    try {
      await this.clients.update({ id }, changes);
    } catch (error) {
      if (changes.email && isUniqueViolation(error)) throw emailOfAnother();
      throw error;
    }
    return this.get(id);
  }

  async get(id: string): Promise<Client> {
    const client = await this.clients.findOneBy({ id });
    if (!client) throw new NotFoundException('No client with this id.');
    return client;
  }

  /** The clients with these ids that exist (any order). */
  findByIds(ids: string[]): Promise<Client[]> {
    return ids.length ? this.clients.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The client whose order email this is (already normalised), or null. */
  findByEmail(email: string): Promise<Client | null> {
    return this.clients.findOneBy({ email });
  }

  /**
   * Inside the caller's transaction: takes the client's row lock on MySQL, so writes about one
   * client (Send Access Link, link withdrawal) run one after another. SQLite already queues
   * transactions.
   */
  async lockForUpdate(manager: EntityManager, clientId: string): Promise<void> {
    if (!locksRows(manager)) return;
    await manager.findOne(Client, { where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
  }

  list(limit: number, offset: number): Promise<[Client[], number]> {
    return this.clients.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }
}
