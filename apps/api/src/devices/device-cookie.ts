// Temporary: the device cookie moved to auth/device-cookie.ts; removed once no file imports this path.
export * from '../auth/device-cookie';
