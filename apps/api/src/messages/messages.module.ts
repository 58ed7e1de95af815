import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminMessagesController, ClientMessagesController } from './messages.controllers';
import { MessagesService } from './messages.service';
import { TaskMessage } from './task-message.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TaskMessage]), TasksModule, ClientsModule],
  controllers: [ClientMessagesController, AdminMessagesController],
  providers: [MessagesService],
  exports: [MessagesService],
})
export class MessagesModule {}
