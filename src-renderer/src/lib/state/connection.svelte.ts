/**
 * What the UI knows about its host: app info, whether the connection works, and the log lines
 * shown in the bottom panel. Takes the client as a parameter so tests can use an in-memory transport.
 */
import type { AppInfo, Client, HostKind } from '@shared/api';

export type ConnectionStatus = 'connecting' | 'connected' | 'error';
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine {
  id: number;
  /** When it was logged, in milliseconds since the epoch. */
  time: number;
  level: LogLevel;
  message: string;
}

export interface ConnectionOptions {
  now?: () => number;
  /** Older lines are dropped beyond this many. */
  maxLines?: number;
}

const hostNames: Record<HostKind, { label: string; phrase: string }> = {
  web: { label: 'Web', phrase: 'the web host' },
  electron: { label: 'Desktop', phrase: 'the desktop app' },
};

export class ConnectionState {
  readonly #client: Client;
  readonly #now: () => number;
  readonly #maxLines: number;
  #nextId = 1;
  #unsubscribe: (() => void) | null = null;
  #unwatchLink: (() => void) | null = null;
  /** Called after the link to the host comes back, so views re-read what they show (events sent meanwhile were lost). */
  onReconnected: (() => void) | null = null;

  status = $state<ConnectionStatus>('connecting');
  info = $state<AppInfo | null>(null);
  error = $state<string | null>(null);
  lines = $state<LogLine[]>([]);

  readonly statusLabel: string = $derived(
    this.status === 'connected' ? 'Connected' : this.status === 'error' ? 'Disconnected' : 'Connecting…',
  );

  /** The host kind from app:info once known, before that from the transport. */
  get hostKind(): HostKind {
    return this.info?.host ?? this.#client.transportKind;
  }
  get hostLabel(): string {
    return hostNames[this.hostKind].label;
  }
  /** One line naming the app and its host, e.g. "Deepwire 0.1.0 (web)". */
  get summary(): string {
    if (this.info) return `${this.info.name} ${this.info.version} (${this.info.host})`;
    return this.status === 'error' ? `Not connected (${this.#client.transportKind})` : 'Connecting…';
  }

  constructor(client: Client, options: ConnectionOptions = {}) {
    this.#client = client;
    this.#now = options.now ?? Date.now;
    this.#maxLines = options.maxLines ?? 500;
  }

  /** Asks the host who it is, logs the outcome, and starts listening to its log events. */
  async connect(): Promise<void> {
    this.#unsubscribe ??= this.#client.on('app:log', ({ level, message }) => this.log(level, message));
    this.#unwatchLink ??= this.#client.onLink((change) => {
      if (change.state === 'down') {
        this.status = 'error';
        this.error = `Lost the connection to ${hostNames[this.hostKind].phrase}: ${change.reason}. Reconnecting…`;
        this.log('warn', this.error);
      } else {
        void this.connect().then(() => {
          if (this.status === 'connected') this.onReconnected?.();
        });
      }
    });
    this.status = 'connecting';
    const result = await this.#client.call('app:info', {});
    if (result.ok) {
      const info = result.value;
      this.info = info;
      this.error = null;
      this.status = 'connected';
      this.log('info', `Connected to ${hostNames[info.host].phrase} — ${info.name} ${info.version}, designs in ${info.dataDir}`);
    } else {
      this.error = result.error.message;
      this.status = 'error';
      this.log('error', result.error.message);
    }
  }

  log(level: LogLevel, message: string): void {
    const line: LogLine = { id: this.#nextId++, time: this.#now(), level, message };
    const kept = this.lines.length >= this.#maxLines ? this.lines.slice(this.lines.length - this.#maxLines + 1) : this.lines;
    this.lines = [...kept, line];
  }

  clearLog(): void {
    this.lines = [];
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#unwatchLink?.();
    this.#unwatchLink = null;
  }
}
