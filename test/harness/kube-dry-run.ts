/**
 * Sends rendered objects to a real kube-apiserver as a server-side dry run (`dryRun=All`,
 * `fieldValidation=Strict`): the server runs defaulting, validation and admission and stores
 * nothing, and a field it does not know is an error rather than a silent drop. Plain HTTPS with
 * the kubeconfig's credentials, so any kind the server serves (CRDs too) can be sent.
 */
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One request to the API server; the answer's status is returned, not thrown. */
export async function kubeRequest(
  kc: KubeConfig,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, server);
  const options: https.RequestOptions = {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = https.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { message: text } });
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** Maps `apiVersion` + `kind` to the collection path, by the server's own discovery. */
export class ResourcePaths {
  private readonly lists = new Map<string, Promise<ApiResource[]>>();
  constructor(private readonly kc: KubeConfig) {}

  async collection(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let list = this.lists.get(base);
    if (list === undefined) {
      list = kubeRequest(this.kc, 'GET', base).then((answer) => {
        if (answer.status !== 200) {
          throw new Error(`the API server does not serve ${apiVersion} (${answer.status})`);
        }
        return (answer.body.resources ?? []) as ApiResource[];
      });
      this.lists.set(base, list);
      // A group not served yet (a CRD just created) is asked again next time.
      list.catch(() => this.lists.delete(base));
    }
    const resource = (await list).find((r) => r.kind === kind && !r.name.includes('/'));
    if (resource === undefined)
      throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
    if (!resource.namespaced) return `${base}/${resource.name}`;
    if (namespace === undefined) throw new Error(`${kind} is namespaced but has no namespace`);
    return `${base}/namespaces/${namespace}/${resource.name}`;
  }
}

/** POSTs `object` as a server-side dry run with strict field validation. */
export async function dryRunCreate(
  kc: KubeConfig,
  paths: ResourcePaths,
  object: { apiVersion: string; kind: string; metadata: { namespace?: string } },
): Promise<ApiAnswer> {
  const collection = await paths.collection(
    object.apiVersion,
    object.kind,
    object.metadata.namespace,
  );
  return kubeRequest(
    kc,
    'POST',
    `${collection}?dryRun=All&fieldValidation=Strict&fieldManager=helm-dry-run`,
    object,
  );
}
