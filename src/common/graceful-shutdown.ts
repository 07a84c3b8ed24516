import { Logger, type INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

const IDLE_GRACE_MS = 1000;

const drains = new WeakMap<Server, HttpDrain>();

/**
 * Ends the HTTP side in seconds under keep-alive load. Node's `server.close()` only stops accepting and closes the
 * sockets idle at that moment; a client that keeps sending on its connection would be served until it stops. So
 * every request still in flight, and any that arrives on an open connection, is answered with `Connection: close`,
 * and idle sockets are closed.
 */
export class HttpDrain {
  private closing = false;
  private readonly inFlight = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  /** The drain of `server`, installed as the app's first middleware by createApp. */
  static of(server: Server): HttpDrain {
    let drain = drains.get(server);
    if (!drain) drains.set(server, (drain = new HttpDrain(server)));
    return drain;
  }

  readonly middleware = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.closing) {
      res.setHeader('Connection', 'close');
    } else {
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
    }
    next();
  };

  /** Resolves when every connection has ended; connections still open after `timeoutMs` are cut. */
  close(timeoutMs: number): Promise<void> {
    this.closing = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    return new Promise((resolve) => {
      let sweep: NodeJS.Timeout | undefined;
      // A keep-alive client may have its next request on the wire already: idle sockets get a moment to deliver
      // it (answered with Connection: close) before they are closed, instead of resetting it.
      const grace = setTimeout(() => {
        this.server.closeIdleConnections();
        sweep = setInterval(() => this.server.closeIdleConnections(), 100);
      }, Math.min(IDLE_GRACE_MS, timeoutMs / 4));
      const cut = setTimeout(() => this.server.closeAllConnections(), timeoutMs);
      // net.Server's close: stop accepting without http.Server's immediate reset of every idle socket.
      net.Server.prototype.close.call(this.server, () => {
        clearTimeout(grace);
        clearInterval(sweep);
        clearTimeout(cut);
        resolve();
      });
    });
  }
}

/**
 * On SIGTERM or SIGINT: stop accepting, let requests in flight finish (answered with `Connection: close`), then close
 * the app (queued writes, the mail worker, the database) and exit, all within `timeoutSeconds`. A second signal
 * ends the process at once.
 */
export function shutDownOnSignals(app: INestApplication, timeoutSeconds: number): void {
  const logger = new Logger('Shutdown');
  const drain = HttpDrain.of(app.getHttpServer() as Server);
  const onSignal = (signal: NodeJS.Signals) => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    logger.log(`${signal}: accepting no new connections; finishing requests in flight (at most ${timeoutSeconds} s)`);
    setTimeout(() => {
      logger.error(`Still not stopped after ${timeoutSeconds} s; exiting now`);
      process.exit(1);
    }, timeoutSeconds * 1000);
    void (async () => {
      // Most of the time goes to requests in flight; closing the app needs the rest.
      await drain.close(timeoutSeconds * 700);
      await app.close();
      logger.log('Stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error('Shutdown failed', (error as Error)?.stack ?? String(error));
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
