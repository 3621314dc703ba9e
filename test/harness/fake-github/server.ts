// A local fake of the GitHub REST API for tests, used by the real octokit through GITHUB_API_URL.
// The core routes, auth (a token, or a GitHub App: the App's JWT is verified with its public key
// before an installation token is issued) and a request log live here; each family of endpoints
// registers its routes from its own module (see comments.ts, check-runs.ts) with `fake.route`.
import { createPublicKey, createVerify, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** `token:<value>`, `jwt` (a verified App JWT) or `none`. */
  readonly auth: string;
}

export interface RouteRequest {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly auth: string;
}

/** `[status, body]`, or `[status, body, headers]`. */
export type RouteAnswer = [number, unknown] | [number, unknown, Record<string, string>];
export type RouteHandler = (request: RouteRequest) => RouteAnswer | Promise<RouteAnswer>;

export interface FakeGithubOptions {
  /** Tokens accepted as `Authorization: token|Bearer <token>`; default one, `ghp_fake`. */
  readonly tokens?: readonly string[];
  /** A GitHub App: its id and its public key (PEM), to verify the App JWT. */
  readonly app?: {
    readonly id: number;
    readonly publicKeyPem: string;
    readonly installationId: number;
  };
}

export interface FakeGithub {
  readonly url: string;
  readonly calls: GithubCall[];
  /** Installation tokens issued so far (each valid for requests). */
  readonly installationTokens: string[];
  route(method: string, pattern: string, handler: RouteHandler): void;
  /**
   * The next request matching `method` and `path` gets `answer` instead of its route's (a 429
   * with Retry-After, a 502 …); later ones reach the route again.
   */
  failNext(method: string, path: RegExp, answer: RouteAnswer): void;
  callsTo(method: string, pathPattern: RegExp): GithubCall[];
  /** The user behind every request (`user.login` in created objects). */
  actor: { login: string; id: number; type: 'Bot' | 'User' };
  /** Monotonic ids for created objects. */
  nextId(): number;
  close(): Promise<void>;
}

interface Route {
  readonly method: string;
  readonly regex: RegExp;
  readonly names: string[];
  readonly handler: RouteHandler;
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern.replace(/:([a-zA-Z_]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Verifies an RS256 App JWT the way GitHub does: signature, `iss`, and a lifetime of ≤ 10 min. */
function verifyAppJwt(token: string, appId: number, key: KeyObject): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [header, payload, signature] = parts as [string, string, string];
  if (base64urlJson(header).alg !== 'RS256') return 'alg must be RS256';
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(key, Buffer.from(signature, 'base64url'))) return 'bad signature';
  const claims = base64urlJson(payload);
  const now = Math.floor(Date.now() / 1000);
  if (String(claims.iss) !== String(appId))
    return `iss ${String(claims.iss)} is not the App ${appId}`;
  if (typeof claims.exp !== 'number' || claims.exp < now) return 'expired';
  if (typeof claims.iat !== 'number' || claims.exp - claims.iat > 600)
    return 'lifetime over 10 minutes';
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const tokens = new Set(options.tokens ?? ['ghp_fake']);
  const installationTokens: string[] = [];
  const appKey = options.app === undefined ? undefined : createPublicKey(options.app.publicKeyPem);
  const routes: Route[] = [];
  const calls: GithubCall[] = [];
  const failures: { method: string; path: RegExp; answer: RouteAnswer }[] = [];
  let counter = 1000;
  let base = '';

  const fake: FakeGithub = {
    url: '',
    calls,
    installationTokens,
    actor: { login: 'runbook-runner[bot]', id: 41898282, type: 'Bot' },
    route(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), ...compile(pattern), handler });
    },
    failNext(method, path, answer) {
      failures.push({ method: method.toUpperCase(), path, answer });
    },
    callsTo: (method, pathPattern) =>
      calls.filter((call) => call.method === method && pathPattern.test(call.path)),
    nextId: () => {
      counter += 1;
      return counter;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  if (options.app !== undefined) {
    const app = options.app;
    fake.route('GET', '/app', () => [
      200,
      { id: app.id, slug: 'runbook-runner', name: 'runbook-runner' },
    ]);
    fake.route('GET', '/repos/:owner/:repo/installation', () => [
      200,
      { id: app.installationId, app_id: app.id, target_type: 'Organization' },
    ]);
    fake.route('POST', '/app/installations/:id/access_tokens', ({ params }) => {
      if (Number(params.id) !== app.installationId) return [404, { message: 'Not Found' }];
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      installationTokens.push(token);
      tokens.add(token);
      return [
        201,
        {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: {
            checks: 'write',
            contents: 'write',
            pull_requests: 'write',
            issues: 'write',
          },
          repository_selection: 'all',
        },
      ];
    });
  }

  const authOf = (req: IncomingMessage, path: string): string | { error: string } => {
    const header = req.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(.+)$/i.exec(header);
    if (match === null) return 'none';
    const value = match[1] ?? '';
    // The endpoints GitHub authenticates with the App's JWT, not an installation token.
    if (
      path.startsWith('/app') ||
      /^\/(repos\/[^/]+|orgs|users)\/[^/]+\/installation$/.test(path)
    ) {
      if (appKey === undefined || options.app === undefined) return { error: 'no App configured' };
      const problem = verifyAppJwt(value, options.app.id, appKey);
      return problem === undefined
        ? 'jwt'
        : { error: `A JSON web token could not be decoded: ${problem}` };
    }
    return tokens.has(value) ? `token:${value}` : { error: 'Bad credentials' };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const text = await readBody(req);
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      const auth = authOf(req, url.pathname);
      calls.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body,
        auth: typeof auth === 'string' ? auth : 'refused',
      });
      if (typeof auth !== 'string') {
        return send(res, 401, {
          message: auth.error,
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      if (auth === 'none') {
        return send(res, 401, {
          message: 'Requires authentication',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      const failure = failures.findIndex(
        (f) => f.method === req.method && f.path.test(url.pathname),
      );
      if (failure !== -1) {
        const answer = failures.splice(failure, 1)[0]?.answer ?? [500, {}];
        return send(res, answer[0], answer[1], answer[2]);
      }
      for (const route of routes) {
        if (route.method !== req.method) continue;
        const found = route.regex.exec(url.pathname);
        if (found === null) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => {
          params[name] = decodeURIComponent(found[i + 1] ?? '');
        });
        const [status, answer, headers] = await route.handler({
          params,
          query: url.searchParams,
          body,
          auth,
        });
        return send(res, status, answer, {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4999',
          'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
          ...headers,
        });
      }
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    })().catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, { url: base });
}
