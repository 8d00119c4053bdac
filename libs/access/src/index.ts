export * from './access.module';
export * from './api-keys.service';
