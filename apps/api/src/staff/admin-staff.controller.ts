import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { StaffView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { CreateStaffDto } from './dto/create-staff.dto';
import { StaffService, toStaffView } from './staff.service';

@ApiTags('admin: staff')
@StaffOnly('admin')
@Controller('admin/staff')
export class AdminStaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff user (admins only).' })
  @ApiCreatedResponse({ description: 'The staff user.' })
  @ApiConflictResponse({ description: 'The username is taken.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is missing or not valid.' })
  async create(
    @Body() body: CreateStaffDto,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<StaffView> {
    return toStaffView(await this.staff.create(body, admin.staffId));
  }

  @Get()
  @ApiOperation({ summary: 'Staff users, oldest first (admins only).' })
  async list(): Promise<StaffView[]> {
    return (await this.staff.list()).map(toStaffView);
  }
}
