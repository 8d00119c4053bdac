import { DataSource } from 'typeorm';

/**
 * Endpoints that answered 410 Gone, per tenant (webhook_retirement). A retired endpoint is sent nothing more
 * until the tenant gives a new URL or an admin rotates its signing secret (which clears its retirements).
 */
export class WebhookRetirementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async retire(tenantId: string, url: string, noticeId: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO webhook_retirement (tenant_id, url, notice_id) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, url) DO NOTHING',
      [tenantId, url, noticeId],
    );
  }
}
