import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAttempt } from './auth-attempt.entity';
import { FailureThrottle } from './failure-throttle.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuthAttempt])],
  providers: [FailureThrottle],
  exports: [FailureThrottle],
})
export class ThrottleModule {}
