export * from './evidence.service';
export * from './notice-composer';
export * from './notice-log.repository';
export * from './notices.module';
export * from './notices.service';
export * from './preview.service';
export * from './tenant-history.repository';
