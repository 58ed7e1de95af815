import type { ApiError, TaskDetail, TaskSummary } from '@app/contracts';

export function task(overrides: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id: 't1',
    reference: 'TM-1001',
    title: 'Confirm the applicant details',
    status: 'open',
    dueDate: '2030-06-15',
    openRequests: 2,
    totalRequests: 3,
    dispatchedAt: '2030-05-01T10:00:00.000Z',
    completedAt: null,
    ...overrides,
  };
}

export function taskDetail(overrides: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...task(),
    description: 'Please check the details we will file.',
    requests: [
      { id: 'r2', kind: 'document', prompt: 'Upload the logo', status: 'open', position: 2 },
      { id: 'r1', kind: 'question', prompt: 'Who owns the mark?', status: 'done', position: 1 },
    ],
    ...overrides,
  };
}

export function apiError(
  statusCode: number,
  error: string,
  extra: Partial<ApiError> = {},
): ApiError {
  return {
    statusCode,
    error,
    message: `Message for ${error}.`,
    correlationId: 'corr-1',
    ...extra,
  };
}

/** Text of the first element with the given data-testid, or null. */
export function byTestId(root: HTMLElement, id: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
}
