import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DocumentView, UploadRules } from '@app/contracts';
import { ClientAccess, CurrentClient } from '../auth/decorators';
import type { ClientPrincipal } from '../auth/principal';
import { DocumentsService } from './documents.service';
import { setDownloadHeaders, UploadSource } from './documents-http';

export const FILE_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary' } },
  },
};

@ApiTags('client: documents')
@ClientAccess()
@Controller('me')
export class ClientDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: UploadSource,
  ) {}

  @Get('upload-rules')
  @ApiOperation({ summary: 'The largest file and the file types uploads accept.' })
  rules(): UploadRules {
    return this.documents.rules();
  }

  @Post('tasks/:taskId/requests/:requestId/documents')
  @ApiOperation({
    summary:
      'Upload one file to a document request (multipart/form-data, field "file"); streamed to storage.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ description: 'The stored document.' })
  @ApiNotFoundResponse({ description: 'No such task or request for this browser.' })
  @ApiConflictResponse({ description: 'Not a document request, or it is already done.' })
  @ApiPayloadTooLargeResponse({ description: 'The file is over the size limit.' })
  @ApiUnsupportedMediaTypeResponse({ description: 'This type of file is not accepted.' })
  upload(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Req() request: Request,
  ): Promise<DocumentView> {
    return this.documents.uploadForClient(client, taskId, requestId, this.uploads.from(request));
  }

  @Delete('tasks/:taskId/documents/:documentId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Remove a file you uploaded to a document request, until that request is submitted (issue 13). To replace a file, remove it and upload the new one.',
  })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such document for this browser (or already removed).' })
  @ApiForbiddenResponse({ description: 'The firm sent this file (document_not_yours).' })
  @ApiConflictResponse({
    description: 'The request was already submitted, or the task is closed (request_submitted).',
  })
  remove(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
  ): Promise<void> {
    return this.documents.removeForClient(client, taskId, documentId);
  }

  @Get('tasks/:taskId/documents/:documentId')
  @ApiOperation({ summary: 'Download a copy of a document of the task (as an attachment).' })
  @ApiOkResponse({ description: 'The file.' })
  @ApiNotFoundResponse({ description: 'No such document for this browser.' })
  async download(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.documents.downloadForClient(client, taskId, documentId);
    setDownloadHeaders(response);
    return file;
  }
}
