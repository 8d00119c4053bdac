export * from './app-config';
export * from './config.module';
export * from './duration';
export * from './log-levels';
export * from './cli-config';
export * from './demo-config';
