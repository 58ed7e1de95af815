import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import type { CreateDispatchRequest } from '@app/contracts';

export class CreateDispatchDto implements CreateDispatchRequest {
  @ApiProperty({ type: [String], description: "Ids of the client's open tasks to send together." })
  @IsArray()
  @ArrayMinSize(1, { message: 'taskIds must hold at least one task id' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'taskIds must not repeat a task' })
  @IsUUID('all', { each: true, message: 'each of taskIds must be a task id' })
  taskIds!: string[];
}
