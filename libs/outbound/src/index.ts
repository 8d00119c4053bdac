export * from './safe-http';
