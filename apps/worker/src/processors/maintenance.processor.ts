import { EscalationService } from '@app/escalation';
import { SweeperService } from '@app/dispatch';
import { ProgressService } from '@app/progress';
import { MaintenanceJob, MaintenanceTask, parseMaintenanceJob, QueueName } from '@app/queue';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor {
  constructor(
    private readonly sweeper: SweeperService,
    private readonly escalation: EscalationService,
    private readonly progress: ProgressService,
  ) {}

  @Process()
  async run(job: Job<MaintenanceJob>) {
    const { task } = parseMaintenanceJob(job.data);
    if (task === MaintenanceTask.Sweep) {
      const swept = await this.sweeper.sweep();
      const completed = await this.progress.completeSettledVersions();
      return { ...swept, completed };
    }
    if (task === MaintenanceTask.Fold) return { folded: await this.progress.foldCounters() };
    return this.escalation.escalateDue();
  }
}
