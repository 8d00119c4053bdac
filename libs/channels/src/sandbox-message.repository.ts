import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Reads what the sandbox drivers captured (sandbox_message), newest first. */
@Injectable()
export class SandboxMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` messages of the channel (null: both) older than the (createdAt, id) cursor (null: from the newest). */
  page(channel: string | null, beforeAt: string | null, beforeId: string | null, limit: number): Promise<any[]> {
    return this.dataSource.query(
      `SELECT id, channel, "to", subject, text, created_at FROM sandbox_message
        WHERE ($1::text IS NULL OR channel = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [channel, beforeAt, beforeId, limit],
    );
  }

  async findById(id: string): Promise<Record<string, any> | undefined> {
    const [stored] = await this.dataSource.query('SELECT * FROM sandbox_message WHERE id = $1', [id]);
    return stored;
  }
}
