export * from './data-source';
export * from './database.module';
export * from './entities/access.entity';
export * from './entities/console-session.entity';
export * from './entities/incident.entity';
export * from './entities/notice.entity';
export * from './entities/tenant.entity';
export * from './uuid7';
