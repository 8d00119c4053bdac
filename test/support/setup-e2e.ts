// End-to-end suites start databases, servers and workers: give hooks and tests room on a busy 2-core machine.
// Only bounds a failure (a hung test): every test waits on its conditions, not on the clock.
jest.setTimeout(600_000);
