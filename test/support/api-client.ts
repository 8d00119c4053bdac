import request from 'supertest';

/** supertest bound to a base URL and a key. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly key: string | null,
  ) {}

  private auth(test: request.Test): request.Test {
    return this.key ? test.set('Authorization', `Bearer ${this.key}`) : test;
  }

  get(path: string): request.Test {
    return this.auth(request(this.baseUrl).get(path));
  }

  post(path: string, body?: unknown): request.Test {
    const test = this.auth(request(this.baseUrl).post(path));
    return body === undefined ? test : test.send(body as object);
  }

  put(path: string, body?: unknown): request.Test {
    const test = this.auth(request(this.baseUrl).put(path));
    return body === undefined ? test : test.send(body as object);
  }

  delete(path: string): request.Test {
    return this.auth(request(this.baseUrl).delete(path));
  }

  /** A new key made with this (admin) key, for the person `owner`; returns its id, the key and a client using it. */
  async createKey(input: { name: string; role: 'admin' | 'approver' | 'auditor'; owner: string }): Promise<{ id: string; key: string; api: Api }> {
    const { id, key } = (await this.post('/v1/api-keys', input).expect(201)).body as { id: string; key: string };
    return { id, key, api: new Api(this.baseUrl, key) };
  }
}
