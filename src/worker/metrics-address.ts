import { isIP } from 'node:net';
import { RunbookError } from '../runbook/errors.js';

/** The setting that turns the Prometheus endpoint on: `host:port`, served at `/metrics`. */
export const METRICS_ADDRESS_SETTING = 'RUNBOOK_METRICS_ADDRESS';

/**
 * RUNBOOK_METRICS_ADDRESS is not a `host:port` this process can listen on (RB9020), or the port
 * could not be bound (RB9021, usually: another process already serves metrics there).
 */
export class MetricsAddressError extends RunbookError {
  readonly code: 'RB9020' | 'RB9021';
  readonly kind = 'environment' as const;
  /** The setting's value as given. */
  readonly address: string;

  constructor(
    code: 'RB9020' | 'RB9021',
    address: string,
    problem: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${METRICS_ADDRESS_SETTING}="${address}" ${problem}; see docs/metrics.md`, options);
    this.code = code;
    this.address = address;
  }
}

export interface MetricsAddress {
  /** What the exporter binds: `127.0.0.1:9464`, `0.0.0.0:9464`, `[::1]:9464`. */
  readonly bindAddress: string;
  /** Where to scrape it, for the start banner. */
  readonly url: string;
}

const PORT = /^[0-9]{1,5}$/;

/**
 * Reads RUNBOOK_METRICS_ADDRESS: an IPv4 address, `[IPv6]` or `localhost`, a colon, and a port
 * 1–65535. Host names other than `localhost` are refused: the exporter binds a socket address,
 * and a name that resolves elsewhere would fail late. `undefined` when the setting is absent.
 */
export function metricsAddressFromEnv(env: NodeJS.ProcessEnv): MetricsAddress | undefined {
  const raw = env[METRICS_ADDRESS_SETTING];
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  const colon = text.lastIndexOf(':');
  const bad = (problem: string) => new MetricsAddressError('RB9020', raw, problem);
  if (colon <= 0) throw bad('is not host:port (write it as 127.0.0.1:9464 or 0.0.0.0:9464)');
  const hostPart = text.slice(0, colon);
  const portPart = text.slice(colon + 1);
  const port = Number(portPart);
  if (!PORT.test(portPart) || port < 1 || port > 65535) {
    throw bad(`has port "${portPart}", not a number from 1 to 65535`);
  }
  let host: string;
  if (hostPart.startsWith('[') && hostPart.endsWith(']')) {
    host = hostPart.slice(1, -1);
    if (isIP(host) !== 6) throw bad(`has "${hostPart}", not a bracketed IPv6 address`);
    return { bindAddress: `[${host}]:${port}`, url: `http://[${host}]:${port}/metrics` };
  }
  if (hostPart === 'localhost') host = '127.0.0.1';
  else if (isIP(hostPart) === 4) host = hostPart;
  else {
    throw bad(
      `has host "${hostPart}", not an IPv4 address, [IPv6] or localhost (bind 0.0.0.0 to serve every interface)`,
    );
  }
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return { bindAddress: `${host}:${port}`, url: `http://${shown}:${port}/metrics` };
}
