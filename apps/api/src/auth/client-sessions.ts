import { Injectable } from '@nestjs/common';
import type { Session } from '../sessions/session.entity';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { PinDispatches } from './ports';

/** A client's sessions as the client sees them: its login sessions and PIN sessions on its dispatches. */
@Injectable()
export class ClientSessions {
  constructor(
    private readonly sessions: SessionTokensService,
    private readonly pinDispatches: PinDispatches,
  ) {}

  /** Live login and PIN sessions of a client, newest first. */
  async listForClient(clientId: string): Promise<Session[]> {
    const pinDispatchIds = await this.pinDispatches.pinDispatchIdsOf(clientId);
    return this.sessions.listFor([
      { kind: 'client', subjectIds: [clientId] },
      { kind: 'pin', subjectIds: pinDispatchIds },
    ]);
  }
}
