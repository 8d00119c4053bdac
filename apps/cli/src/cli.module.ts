import { Module } from '@nestjs/common';
import { CliApi } from './cli-api';
import { AuditCommand, AuditVerifyCommand } from './commands/audit.command';
import { IncidentApproveCommand, IncidentCommand, IncidentDispatchCommand, IncidentFileCommand } from './commands/incident.command';
import { KeysCommand, KeysCreateCommand, KeysListCommand, KeysRevokeCommand } from './commands/keys.command';
import { NoticesCommand, NoticesExportCommand } from './commands/notices.command';
import { TenantsCommand, TenantsImportCommand } from './commands/tenants.command';

@Module({
  providers: [
    CliApi,
    TenantsCommand,
    TenantsImportCommand,
    IncidentCommand,
    IncidentFileCommand,
    IncidentApproveCommand,
    IncidentDispatchCommand,
    NoticesCommand,
    NoticesExportCommand,
    AuditCommand,
    AuditVerifyCommand,
    KeysCommand,
    KeysListCommand,
    KeysCreateCommand,
    KeysRevokeCommand,
  ],
})
export class CliModule {}
