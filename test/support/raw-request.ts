import http from 'node:http';

/**
 * POSTs a JSON body of exactly `bytes` bytes, streamed in 1 MB chunks of whitespace after a short
 * prefix, so a test can send 100 MB without holding 100 MB. Resolves with the status and the parsed answer.
 */
export function postLargeBody(baseUrl: string, path: string, key: string, bytes: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': bytes, Authorization: `Bearer ${key}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    const prefix = Buffer.from('{"tenants": [');
    const chunk = Buffer.alloc(1024 * 1024, ' ');
    let left = bytes - prefix.length;
    req.write(prefix);
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

export interface TrickleOptions {
  method?: string;
  key?: string | null;
  /** The Content-Length to declare; null sends the body chunked, with no length. */
  declared: number | null;
  /** Bytes per write (default 16 KB). */
  chunkBytes?: number;
  /** Stop writing after this many bytes even without an answer (default: the declared length, or 50 MB). */
  maxBytes?: number;
  /** Resolve with an error after this long without an answer (default 15 s). */
  answerWithinMs?: number;
  contentType?: string;
}

/**
 * Declares a body and sends it a chunk at a time, a write per turn of the event loop (waiting
 * for `drain` when the socket is full), until the server answers. Resolves with the answer and how
 * many bytes had gone out by then; the rest is never sent. For tests of what a server does
 * before it reads a body.
 */
export function trickleBody(baseUrl: string, path: string, options: TrickleOptions): Promise<{ status: number; body: any; sent: number }> {
  const { method = 'POST', key = null, declared, chunkBytes = 16 * 1024, answerWithinMs = 15_000, contentType = 'application/json' } = options;
  const maxBytes = options.maxBytes ?? declared ?? 50 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const headers: Record<string, string | number> = { 'Content-Type': contentType };
    if (declared !== null) headers['Content-Length'] = declared;
    if (key) headers.Authorization = `Bearer ${key}`;
    let sent = 0;
    let answered = false;
    const timer = setTimeout(() => {
      if (answered) return;
      answered = true;
      req.destroy();
      reject(new Error(`${method} ${path}: no answer within ${answerWithinMs} ms (${sent} bytes sent)`));
    }, answerWithinMs);
    const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      answered = true;
      clearTimeout(timer);
      const at = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent: at });
      });
    });
    // Once the server has answered it may close the connection under a body still on its way.
    req.on('error', (error) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      reject(error);
    });
    const chunk = Buffer.alloc(chunkBytes, ' ');
    const pump = () => {
      if (answered || req.destroyed) return;
      if (sent >= maxBytes) return;
      const piece = sent + chunk.length > maxBytes ? chunk.subarray(0, maxBytes - sent) : chunk;
      sent += piece.length;
      if (req.write(piece)) setImmediate(pump);
      else req.once('drain', pump);
    };
    req.flushHeaders();
    pump();
  });
}
