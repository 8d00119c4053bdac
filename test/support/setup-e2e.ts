// End-to-end suites start databases, servers and workers: give hooks and tests room on a busy 2-core machine.
jest.setTimeout(120_000);
