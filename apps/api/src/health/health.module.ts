import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { HealthController } from './health.controller';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  controllers: [HealthController],
})
export class HealthModule {}
