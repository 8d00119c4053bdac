export * from './affected-tenants.repository';
export * from './scope';
export * from './scope-sql';
