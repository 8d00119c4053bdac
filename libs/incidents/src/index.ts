export * from './incident.dto';
export * from './incident-checks';
export * from './incident.repository';
export * from './incident-version.mapper';
export * from './incidents.module';
export * from './incidents.service';
export * from './language-gaps';
export * from './localize';
