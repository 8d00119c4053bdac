import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { SubjectNoticeRenderer } from '@app/drafts';
import { AckTokensService } from './ack-tokens.service';
import { AckRepository } from './ack.repository';
import { AckService } from './ack.service';
import { WebhookSecretRepository } from './webhook-secret.repository';
import { WebhookSecretsService } from './webhook-secrets.service';

const SERVICES = [AckTokensService, AckService, WebhookSecretsService];

/** Acknowledgements: the ack key and tokens (and the webhook signing secrets sealed under a key derived from it), the links (and their redaction), the ack page data (with the tenant's own filings and the draft to its people) and recording an acknowledgement. */
@Module({ imports: [AuditModule], providers: [...SERVICES, AckRepository, WebhookSecretRepository, SubjectNoticeRenderer], exports: SERVICES })
export class AckModule {}
