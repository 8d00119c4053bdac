import { DynamicModule, Global, Module } from '@nestjs/common';
import * as dotenv from 'dotenv';
import { AppConfig, ConfigError, Env, loadConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Reads `.env` (without overriding the real environment) and `process.env`, the only place that does. */
export function configFromProcess(): AppConfig {
  const fileEnv: Env = {};
  dotenv.config({ processEnv: fileEnv, quiet: true } as dotenv.DotenvConfigOptions);
  return loadConfig({ ...fileEnv, ...process.env });
}

@Global()
@Module({})
export class ConfigModule {
  /** With no argument the process environment is read; tests pass a ready config. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? configFromProcess() }],
      exports: [APP_CONFIG],
    };
  }
}

/** For a process's entry point: the config, or the list of bad variables on stderr and exit code 1. */
export function configFromProcessOrExit(): AppConfig {
  try {
    return configFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
