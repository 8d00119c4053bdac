export * from './affected-tenants.repository';
export * from './incident.dto';
export * from './incident-version.mapper';
export * from './incidents.module';
export * from './incidents.service';
export * from './localize';
export * from './scope/scope';
export * from './scope/scope-sql';
