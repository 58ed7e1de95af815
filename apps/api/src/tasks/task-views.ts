import type { TaskDetail, TaskSummary } from '@app/contracts';
import type { TaskRequest } from './task-request.entity';
import type { Task } from './task.entity';

export function toTaskSummary(task: Task, requests: TaskRequest[]): TaskSummary {
  return {
    id: task.id,
    reference: task.reference,
    title: task.title,
    status: task.status,
    dueDate: task.dueDate,
    openRequests: requests.filter((r) => r.status === 'open').length,
    totalRequests: requests.length,
    dispatchedAt: task.dispatchedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}

export function toTaskDetail(task: Task, requests: TaskRequest[]): TaskDetail {
  const sorted = [...requests].sort((a, b) => a.position - b.position);
  return {
    ...toTaskSummary(task, sorted),
    description: task.description,
    requests: sorted.map((r) => ({
      id: r.id,
      kind: r.kind,
      prompt: r.prompt,
      status: r.status,
      position: r.position,
    })),
  };
}
