import { Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PinDispatches } from './auth/ports';
import { Dispatch } from './dispatches/dispatch.entity';

/**
 * TEMPORARY: auth's PinDispatches port, until dispatches/ provides and exports it (then this file
 * goes and app.module passes DispatchesModule instead).
 */
@Injectable()
class PinDispatchesAdapter implements PinDispatches {
  constructor(private readonly dataSource: DataSource) {}

  async clientIdOf(dispatchId: string): Promise<string | null> {
    const dispatch = await this.dataSource.getRepository(Dispatch).findOneBy({ id: dispatchId });
    return dispatch?.clientId ?? null;
  }

  async pinDispatchIdsOf(clientId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(Dispatch).find({
      select: { id: true },
      where: { clientId, mode: 'pin' },
    });
    return rows.map((d) => d.id);
  }
}

@Module({
  providers: [PinDispatchesAdapter, { provide: PinDispatches, useExisting: PinDispatchesAdapter }],
  exports: [PinDispatches],
})
export class PinDispatchesAdapterModule {}
