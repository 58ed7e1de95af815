import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AccessListResponse, AccountSessionResponse, ClientMeResponse } from '@app/contracts';
import { ClientAccess, CurrentClient, Public } from '../auth/decorators';
import type { ClientPrincipal } from '../auth/principal';
import { Caller, type CallerContext } from '../auth/request-context';
import { clearSessionCookie, writeSessionCookie } from '../auth/session-cookie';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountsService, SignedIn } from './accounts.service';
import type { ClientAccount } from './client-account.entity';
import { ClientLocalGuard } from './client-local.guard';
import { CreateAccountDto } from './dto/create-account.dto';
import { SignInDto } from './dto/sign-in.dto';

@ApiTags('client: account')
@Controller('account')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ClientAccess()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create a login from a trusted link (or PIN) page; the email must be the order email.',
  })
  @ApiCreatedResponse({ description: 'Created and signed in; the session cookie is set.' })
  @ApiUnprocessableEntityResponse({ description: 'email_mismatch, weak_password or bad fields.' })
  @ApiConflictResponse({ description: 'account_exists or username_taken.' })
  async create(
    @CurrentClient() client: ClientPrincipal,
    @Body() body: CreateAccountDto,
    @Caller() caller: CallerContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccountSessionResponse> {
    return this.started(await this.accounts.create(client, body, caller), response);
  }

  @Post('login')
  @Public()
  @UseGuards(ClientLocalGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in with username (or order email) and password.' })
  @ApiOkResponse({ description: 'Signed in; a new session cookie is set.' })
  @ApiUnauthorizedResponse({ description: 'sign_in_failed (same answer for unknown usernames).' })
  @ApiTooManyRequestsResponse({ description: 'too_many_attempts, with Retry-After.' })
  async login(
    @Body() _body: SignInDto,
    @Req() request: Request,
    @Caller() caller: CallerContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccountSessionResponse> {
    const account = request.user as ClientAccount;
    return this.started(await this.accounts.signIn(account, caller), response);
  }

  @Post('logout')
  @ClientAccess()
  @HttpCode(204)
  @ApiOperation({ summary: "End this browser's login or PIN session on the server." })
  async logout(
    @CurrentClient() client: ClientPrincipal,
    @Caller() caller: CallerContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.accounts.logout(client, caller.ip);
    clearSessionCookie(response, this.config);
  }

  @Get('me')
  @ClientAccess()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'How this browser has access, and whether it may create a login.' })
  me(@CurrentClient() client: ClientPrincipal): Promise<ClientMeResponse> {
    return this.accounts.me(client);
  }

  @Get('access')
  @ClientAccess()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'My devices and sessions (logged-in clients only).' })
  access(
    @CurrentClient() client: ClientPrincipal,
    @Caller() caller: CallerContext,
  ): Promise<AccessListResponse> {
    return this.accounts.access(client, caller);
  }

  @Delete('devices/:deviceId')
  @ClientAccess()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a device: it loses access to my tasks at once.' })
  revokeDevice(
    @CurrentClient() client: ClientPrincipal,
    @Param('deviceId', new ParseUUIDPipe()) deviceId: string,
    @Caller() caller: CallerContext,
  ): Promise<void> {
    return this.accounts.revokeDevice(client, deviceId, caller.ip);
  }

  @Delete('sessions/:sessionId')
  @ClientAccess()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a login or PIN session: it is refused at once.' })
  revokeSession(
    @CurrentClient() client: ClientPrincipal,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @Caller() caller: CallerContext,
  ): Promise<void> {
    return this.accounts.revokeSession(client, sessionId, caller.ip);
  }

  private started(signedIn: SignedIn, response: Response): AccountSessionResponse {
    const { token, session, account } = signedIn;
    const maxAge = session.expiresAt.getTime() - session.createdAt.getTime();
    writeSessionCookie(response, this.config, token, maxAge);
    return { username: account.username, expiresAt: session.expiresAt.toISOString() };
  }
}
