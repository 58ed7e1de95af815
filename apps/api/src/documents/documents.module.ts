import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TasksModule } from '../tasks/tasks.module';
import { AdminDocumentsController } from './admin-documents.controller';
import { ClientDocumentsController } from './client-documents.controller';
import { DocumentsService } from './documents.service';
import { TaskDocument } from './task-document.entity';
import { UploadSource } from './documents-http';

@Module({
  imports: [TypeOrmModule.forFeature([TaskDocument]), TasksModule],
  controllers: [ClientDocumentsController, AdminDocumentsController],
  providers: [DocumentsService, UploadSource],
  exports: [DocumentsService],
})
export class DocumentsModule {}
