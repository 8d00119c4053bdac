/** A small JSON client for the breachcast API (used by the demo and the CLI). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const parsed = parseBody(await response.text());
    if (!response.ok) throw httpError(method, path, response.status, parsed);
    return parsed as T;
  }

  /** The raw answer, for streamed bodies (exports); a non-2xx answer still throws HttpError. */
  async stream(path: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${this.key}` } });
    if (!response.ok) throw httpError('GET', path, response.status, parseBody(await response.text()));
    return response;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async waitForHealth(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.ok) return;
        last = `${response.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the API did not become healthy within ${timeoutMs} ms (${last})`);
  }
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text; // not JSON: keep the text
  }
}

function httpError(method: string, path: string, status: number, body: unknown): HttpError {
  const message = (body as { message?: string } | null)?.message ?? String(body);
  return new HttpError(status, body, `${method} ${path} → ${status}: ${message}`);
}
