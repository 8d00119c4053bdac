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
}
