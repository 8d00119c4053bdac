import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each exposure says whose data it holds (customers, employees, patients, ...): a notice lists the
 * categories of data subjects (Art. 33(3)(a)) and counts them per group. Existing exposures say nothing yet.
 */
export class ExposureSubjectCategories1764420000000 implements MigrationInterface {
  name = 'ExposureSubjectCategories1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exposure ADD COLUMN subject_categories text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exposure DROP COLUMN IF EXISTS subject_categories`);
  }
}
