// Medium specs talk to a real PostgreSQL, Redis or local server: room for a busy 2-core machine, less than e2e needs.
jest.setTimeout(30_000);
