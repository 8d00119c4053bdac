export * from './csaf';
export * from './csaf-words';
