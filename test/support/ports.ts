import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where freePort() looks: below the kernel's ephemeral range (ip_local_port_range, from which
 * the OS picks every outgoing connection's local port and every `listen(0)`), and above the
 * ports services usually take. A port handed out from the ephemeral range could be taken by an
 * outgoing connection (a database client, a fetch) in the moment between our check and the
 * child's bind; a port below it is only ever taken by a process that binds it on purpose.
 */
function candidateRange(): { low: number; high: number } | null {
  try {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const low = 20_000;
    const high = (ephemeralLow ?? 0) - 1;
    return high - low >= 1_000 ? { low, high } : null;
  } catch {
    return null; // not Linux: the OS's own choice below
  }
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on now, for a child process to bind: a random
 * one below the ephemeral range (candidateRange), else one the OS picks (listen on port 0).
 * Another test process may still pick the same port before the child binds it (a chance of one
 * in about 12,000 per pair of picks); a caller that starts a server should retry with a new port
 * when the bind fails (startMariaDb does).
 */
export async function freePort(): Promise<number> {
  const range = candidateRange();
  if (range) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
      if (await isPortFree(port)) return port;
    }
  }
  return osPickedPort();
}

/** Listens on port 0, reads the port the OS gave, closes. */
function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}

/** Resolves true when nothing listens on 127.0.0.1:port yet. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
