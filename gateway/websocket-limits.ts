import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';

export interface WebSocketLimits {
  maxConnections: number;
  maxConnectionsPerKey: number;
  maxSubscriptionsPerConnection: number;
  maxMessagesPerSecond: number;
  pingIntervalMs: number;
}

/** Close code for a client over a limit (graphql-ws leaves 4400–4499 to servers; 4429 echoes HTTP 429). */
export const CLOSE_TOO_MANY = 4429;

/**
 * The gateway's guard for WebSocket clients, which hold a socket and a subgraph connection each:
 * connections in all and per API key, subscriptions per connection, messages per second, and a
 * ping every `pingIntervalMs` that closes sockets whose peer stopped answering.
 */
export class WebSocketGuard {
  private readonly perKey = new Map<string, number>();
  private readonly keyOf = new WeakMap<WebSocket, string>();
  private readonly subscriptions = new WeakMap<WebSocket, Set<string>>();
  private open = 0;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly wss: WebSocketServer,
    private readonly limits: WebSocketLimits,
  ) {
    const alive = new WeakMap<WebSocket, boolean>();
    wss.on('connection', (socket) => {
      this.open += 1;
      alive.set(socket, true);
      socket.on('pong', () => alive.set(socket, true));
      if (this.open > limits.maxConnections) {
        socket.close(CLOSE_TOO_MANY, 'Too many WebSocket connections to this gateway');
      }
      let windowStart = Date.now();
      let messages = 0;
      socket.on('message', () => {
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          messages = 0;
        }
        messages += 1;
        if (messages > limits.maxMessagesPerSecond) socket.close(CLOSE_TOO_MANY, 'Too many messages per second');
      });
      socket.on('close', () => {
        this.open -= 1;
        const key = this.keyOf.get(socket);
        if (key) this.perKey.set(key, (this.perKey.get(key) ?? 1) - 1);
      });
    });
    this.pinger = setInterval(() => {
      for (const socket of wss.clients) {
        if (!alive.get(socket)) {
          socket.terminate();
          continue;
        }
        alive.set(socket, false);
        socket.ping();
      }
    }, limits.pingIntervalMs);
    this.pinger.unref();
  }

  /** On an authenticated connection: false (and the socket closed with 4429) over the key's limit. */
  admitKey(socket: WebSocket, keyId: string): boolean {
    const count = (this.perKey.get(keyId) ?? 0) + 1;
    if (count > this.limits.maxConnectionsPerKey) {
      socket.close(CLOSE_TOO_MANY, `More than ${this.limits.maxConnectionsPerKey} connections for this key`);
      return false;
    }
    this.perKey.set(keyId, count);
    this.keyOf.set(socket, keyId);
    return true;
  }

  /** Whether the socket may start another subscription. */
  canSubscribe(socket: WebSocket): boolean {
    return (this.subscriptions.get(socket)?.size ?? 0) < this.limits.maxSubscriptionsPerConnection;
  }

  /** A subscription that passed validation and starts now; ended by `endSubscription`. */
  startSubscription(socket: WebSocket, id: string): void {
    const active = this.subscriptions.get(socket) ?? new Set<string>();
    this.subscriptions.set(socket, active);
    active.add(id);
  }

  endSubscription(socket: WebSocket, id: string): void {
    this.subscriptions.get(socket)?.delete(id);
  }

  close(): void {
    clearInterval(this.pinger);
  }
}
