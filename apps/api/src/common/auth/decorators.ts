// Temporary: the decorators moved to auth/decorators.ts; removed once no file imports this path.
export * from '../../auth/decorators';
