export * from './notice-deadline.sql';
export * from './tenant.dto';
export * from './tenant-file.parser';
export * from './tenant.repository';
export * from './tenants.module';
export * from './tenants.service';
