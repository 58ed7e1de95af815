import type { RequestKind, TaskDetail } from './tasks';

export type StaffRole = 'admin' | 'staff';

export interface StaffLoginRequest {
  username: string;
  password: string;
}

export interface StaffLoginResponse {
  /** Send as "Authorization: Bearer <token>" on admin requests. */
  token: string;
  staff: { id: string; username: string; role: StaffRole };
  expiresAt: string;
}

export interface CreateClientRequest {
  email: string;
  name: string;
  /** ISO date from which dispatches use unique links; omit for "from now". */
  portalEnabledFrom?: string;
}

export interface ClientView {
  id: string;
  email: string;
  name: string;
  portalEnabledFrom: string | null;
  createdAt: string;
}

export interface CreateRequestItem {
  kind: RequestKind;
  prompt: string;
}

export interface CreateTaskRequest {
  title: string;
  description?: string;
  /** ISO date (YYYY-MM-DD). */
  dueDate?: string;
  requests: CreateRequestItem[];
}

export type AdminTaskView = TaskDetail & { clientId: string };

export interface CreateDispatchRequest {
  taskIds: string[];
}

export interface DispatchView {
  id: string;
  clientId: string;
  mode: 'link' | 'pin';
  taskIds: string[];
  createdAt: string;
}
