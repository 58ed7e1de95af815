import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { StaffModule } from '../staff/staff.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminMessagesController, ClientMessagesController } from './messages.controllers';
import { MessagesService } from './messages.service';
import { TaskMessage } from './task-message.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TaskMessage]), TasksModule, ClientsModule, StaffModule],
  controllers: [ClientMessagesController, AdminMessagesController],
  providers: [MessagesService],
  exports: [MessagesService],
})
export class MessagesModule {}
