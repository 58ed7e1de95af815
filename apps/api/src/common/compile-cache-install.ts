/**
 * Importing this installs the V8 code cache (compile-cache.ts): main.ts imports it first, so
 * every file required after it compiles from the cache.
 */
import { installCompileCache } from './compile-cache';

export const compileCache = installCompileCache(process.env);
