import { LinksController } from '../links/links.controller';
import { ClientTasksController } from '../task-details/client-tasks.controller';
import type { HotRoute } from './hot-lane';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The routes the hot lane serves (issue 11): what a client's e-mail click and portal visit hit
 * (bench/ measures these four). Each is an ordinary Nest route as well; see hot-lane.ts.
 */
export const HOT_ROUTES: HotRoute[] = [
  { method: 'POST', path: '/api/links/status', controller: LinksController, handler: 'status' },
  { method: 'POST', path: '/api/links/redeem', controller: LinksController, handler: 'redeem' },
  { method: 'GET', path: '/api/me/tasks', controller: ClientTasksController, handler: 'list' },
  {
    method: 'GET',
    path: '/api/me/tasks/:taskId',
    shape: UUID,
    controller: ClientTasksController,
    handler: 'get',
  },
];
