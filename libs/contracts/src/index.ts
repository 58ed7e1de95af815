// Request and response shapes shared by the API and the portal.
// Plain TypeScript only: no imports from Nest, TypeORM, class-validator or Node built-ins.
export * from './branding';
export * from './health';
export * from './errors';
export * from './links';
export * from './tasks';
export * from './admin';
export * from './admin-access';
export * from './accounts';
export * from './reminders';
export * from './compose';
export * from './bulk-csv';
export * from './webhooks';
export * from './staff-workspace';
