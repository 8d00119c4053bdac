import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TenantRepository } from './tenant.repository';
import { TenantsService } from './tenants.service';

/** The tenant register: tenants, their contacts and what they entrust to us. */
@Module({ imports: [AuditModule], providers: [TenantRepository, TenantsService], exports: [TenantsService] })
export class TenantsModule {}
