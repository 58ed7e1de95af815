export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: HealthCheck & { driver: 'sqlite' | 'mysql' };
  mail: HealthCheck & { transport: 'smtp' | 'file'; pending: number };
  time: string;
}
