import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminTemplatesController } from './admin-templates.controller';
import { TaskTemplate } from './task-template.entity';
import { TemplatesService } from './templates.service';

/** The task template library (issue 12); TemplatesService owns `task_templates`. */
@Module({
  imports: [TypeOrmModule.forFeature([TaskTemplate])],
  controllers: [AdminTemplatesController],
  providers: [TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
