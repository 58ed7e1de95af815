import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DocumentView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { FILE_BODY } from './client-documents.controller';
import { DocumentsService } from './documents.service';
import { setDownloadHeaders, UploadSource } from './documents-http';

@ApiTags('admin: documents')
@StaffOnly()
@Controller('admin/clients/:clientId/tasks/:taskId/documents')
export class AdminDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: UploadSource,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a document for the client on this task (multipart/form-data, field "file").',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ description: 'The stored document; the client sees it on the task.' })
  @ApiPayloadTooLargeResponse({ description: 'The file is over the size limit.' })
  @ApiUnsupportedMediaTypeResponse({ description: 'This type of file is not accepted.' })
  upload(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Req() request: Request,
  ): Promise<DocumentView> {
    return this.documents.uploadForStaff(
      clientId,
      taskId,
      staff.staffId,
      this.uploads.from(request),
    );
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'Download a document of the task (audited).' })
  @ApiNotFoundResponse({ description: 'No such document on this task.' })
  async download(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.documents.downloadForStaff(clientId, taskId, documentId, staff.staffId);
    setDownloadHeaders(response);
    return file;
  }
}
