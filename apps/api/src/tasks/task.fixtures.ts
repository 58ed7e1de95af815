// Test data for unit specs of tasks and of the views built on them (excluded from the build).
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

export const taskFixture = (overrides: Partial<Task> = {}): Task => ({
  id: 'task-1',
  clientId: 'client-1',
  reference: 'T-4K7M2Q',
  title: 'Confirm the class',
  description: 'Details',
  dueDate: '2030-01-31',
  status: 'open',
  createdAt: new Date('2030-01-01T09:00:00Z'),
  dispatchedAt: new Date('2030-01-02T10:00:00Z'),
  completedAt: null,
  cancelledAt: null,
  closedByStaffId: null,
  ...overrides,
});

export const requestFixture = (position: number, status: TaskRequest['status']): TaskRequest => ({
  id: `req-${position}`,
  taskId: 'task-1',
  position,
  kind: 'question',
  prompt: `Question ${position}`,
  status,
  completedAt: null,
});
