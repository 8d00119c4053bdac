import { Module } from '@nestjs/common';
import { CliApi } from './cli-api';
import { AuditCommand, AuditVerifyCommand } from './commands/audit.command';
import { BoardCommand } from './commands/board.command';
import { IncidentCloseCommand, IncidentUpdateCommand } from './commands/incident-change.command';
import { IncidentListCommand, IncidentPreviewCommand, IncidentShowCommand } from './commands/incident-read.command';
import { IncidentApproveCommand, IncidentCommand, IncidentDispatchCommand, IncidentFileCommand } from './commands/incident.command';
import { KeysCommand, KeysCreateCommand, KeysListCommand, KeysRevokeCommand } from './commands/keys.command';
import { NoticesCommand, NoticesExportCommand } from './commands/notices.command';
import { TenantsCommand, TenantsImportCommand, TenantsListCommand, TenantsShowCommand } from './commands/tenants.command';

@Module({
  providers: [
    CliApi,
    TenantsCommand,
    TenantsImportCommand,
    TenantsShowCommand,
    TenantsListCommand,
    IncidentCommand,
    IncidentListCommand,
    IncidentShowCommand,
    IncidentPreviewCommand,
    IncidentFileCommand,
    IncidentApproveCommand,
    IncidentDispatchCommand,
    IncidentUpdateCommand,
    IncidentCloseCommand,
    BoardCommand,
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
