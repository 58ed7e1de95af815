import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only events about this client.' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a client id' })
  clientId?: string;

  @ApiPropertyOptional({ example: 'link.redeemed' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'type must look like link.redeemed' })
  type?: string;
}
