export * from './labels';
export * from './formatters';
export * from './text';
export * from './deadline-lines';
