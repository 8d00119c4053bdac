export * from './labels';
export * from './formatters';
