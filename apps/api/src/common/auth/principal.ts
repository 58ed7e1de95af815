// Temporary: the principal types moved to auth/principal.ts; removed once no file imports this path.
export type * from '../../auth/principal';
