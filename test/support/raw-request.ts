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
