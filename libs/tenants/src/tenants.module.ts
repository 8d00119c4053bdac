import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TenantsService } from './tenants.service';

/** The tenant register: tenants, their contacts and what they entrust to us. */
@Module({ imports: [AuditModule], providers: [TenantsService], exports: [TenantsService] })
export class TenantsModule {}
