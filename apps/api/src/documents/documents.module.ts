import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaskRequest } from '../tasks/task-request.entity';
import { TasksModule } from '../tasks/tasks.module';
import { AdminDocumentsController } from './admin-documents.controller';
import { ClientDocumentsController } from './client-documents.controller';
import { DocumentsService } from './documents.service';
import { TaskDocument } from './task-document.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TaskDocument, TaskRequest]), TasksModule],
  controllers: [ClientDocumentsController, AdminDocumentsController],
  providers: [DocumentsService],
})
export class DocumentsModule {}
