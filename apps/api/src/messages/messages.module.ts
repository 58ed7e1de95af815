import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminMessagesController, ClientMessagesController } from './messages.controllers';
import { MessagesService } from './messages.service';

@Module({
  imports: [TasksModule, ClientsModule],
  controllers: [ClientMessagesController, AdminMessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
