import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { StaffView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { CreateStaffDto } from './dto/create-staff.dto';
import { UpdateStaffDto } from './dto/update-staff.dto';
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

  @Patch(':staffId')
  @ApiOperation({
    summary:
      "Change a staff user's display name, e-mail address or role, or disable / enable them (admins only).",
  })
  @ApiOkResponse({ description: 'The staff user as it now stands.' })
  @ApiNotFoundResponse({ description: 'staff_not_found' })
  @ApiConflictResponse({
    description:
      'last_admin: the only active admin cannot lose the role or be disabled; cannot_disable_self.',
  })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid.' })
  async update(
    @Param('staffId', new ParseUUIDPipe()) staffId: string,
    @Body() body: UpdateStaffDto,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<StaffView> {
    return toStaffView(await this.staff.update(staffId, body, admin.staffId));
  }
}
