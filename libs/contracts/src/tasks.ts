export type RequestKind = 'question' | 'document' | 'confirmation';
export type RequestStatus = 'open' | 'done';
export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface TaskSummary {
  id: string;
  reference: string;
  title: string;
  status: TaskStatus;
  dueDate: string | null;
  openRequests: number;
  totalRequests: number;
  dispatchedAt: string | null;
  completedAt: string | null;
}

export interface RequestView {
  id: string;
  kind: RequestKind;
  prompt: string;
  status: RequestStatus;
  position: number;
}

export interface TaskDetail extends TaskSummary {
  description: string | null;
  requests: RequestView[];
}

export interface TaskListResponse {
  open: TaskSummary[];
  openTotal: number;
  completed: TaskSummary[];
  completedTotal: number;
}
