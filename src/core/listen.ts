import { Conflict, Forbidden, InvalidInput } from './errors.js';

/**
 * Says in one sentence why a server could not listen, and what to do, instead of a raw
 * `EADDRINUSE`: port in use (choose another), a privileged port, an address this machine does not
 * have. Other errors come back unchanged.
 * @example
 * server.once('error', (err) => reject(listenProblem(err, '127.0.0.1', 8080, '--port N or PORT=N')));
 */
export function listenProblem(err: unknown, host: string, port: number, howToChoose: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new Conflict(`port ${port} is already in use on ${host} (another homelab or another program listens there); stop it, or choose another port with ${howToChoose} (0 = any free port)`, { field: 'port', reason: 'port_in_use', cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new Forbidden(`not allowed to listen on ${where}: ports below 1024 need privileges; choose a port ≥ 1024 with ${howToChoose}`, { field: 'port', reason: 'port_denied', cause: err });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new InvalidInput(`cannot listen on ${where}: ${host} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its own addresses with --host`, { field: 'host', reason: 'bad_host', cause: err });
  }
  return err;
}
