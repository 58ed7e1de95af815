import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthFailure } from './auth-failure.entity';
import { FailureThrottle } from './failure-throttle.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuthFailure])],
  providers: [FailureThrottle],
  exports: [FailureThrottle],
})
export class ThrottleModule {}
