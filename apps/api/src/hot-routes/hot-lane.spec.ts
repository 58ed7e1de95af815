import {
  Body,
  type CanActivate,
  Controller,
  Get,
  Header,
  HttpCode,
  Injectable,
  type INestApplication,
  Param,
  Post,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import express from 'express';
import { IsString } from 'class-validator';
import type { Server } from 'node:http';
import request from 'supertest';
import { HotLane } from './hot-lane';

class NoteDto {
  @IsString()
  text!: string;
}

@Injectable()
class Always implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller('notes')
class NotesController {
  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  add(@Body() body: NoteDto): { echoed: string } {
    return { echoed: body.text };
  }

  @Get(':id')
  one(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('guarded/one')
  @UseGuards(Always)
  guarded(): { ok: true } {
    return { ok: true };
  }
}

/** Unit: which routes the lane takes, from their decorators; the e2e spec checks the answers. */
describe('HotLane', () => {
  let app: INestApplication;
  let lane: HotLane;
  const denied = { calls: 0 };

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [NotesController] }).compile();
    app = module.createNestApplication({ logger: false });
    const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true });
    app.useGlobalPipes(pipe);
    lane = new HotLane(
      app,
      [
        { method: 'POST', path: '/notes', controller: NotesController, handler: 'add' },
        {
          method: 'GET',
          path: '/notes/:id',
          shape: /^[0-9]+$/,
          controller: NotesController,
          handler: 'one',
        },
        {
          method: 'GET',
          path: '/notes/guarded/one',
          controller: NotesController,
          handler: 'guarded',
        },
      ],
      () => ({
        middleware: [express.json()],
        guard: { canActivate: () => true },
        pipe,
        filter: {
          catch: (_error, host) => {
            denied.calls++;
            host.switchToHttp().getResponse<{ statusCode: number; end(): void }>().statusCode = 422;
            host.switchToHttp().getResponse<{ end(): void }>().end();
          },
        },
      }),
    );
    lane.install();
    await app.init();
  });
  afterAll(() => app.close());

  const http = () => app.getHttpServer() as Server;

  it('takes a route with the status and headers its decorators declare, and validates its body', async () => {
    const before = lane.served;
    const ok = await request(http()).post('/notes').send({ text: 'hello' });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.body).toEqual({ echoed: 'hello' });
    const bad = await request(http()).post('/notes').send({ text: 5 });
    expect(bad.status).toBe(422);
    expect(denied.calls).toBe(1);
    expect(lane.served - before).toBe(2);
  });

  it('takes a parameter only of its shape', async () => {
    const before = lane.served;
    expect((await request(http()).get('/notes/42')).body).toEqual({ id: '42' });
    expect(lane.served - before).toBe(1);
    expect((await request(http()).get('/notes/abc')).body).toEqual({ id: 'abc' });
    expect(lane.served - before).toBe(1);
  });

  it('leaves a route with a guard of its own to Nest', async () => {
    const before = lane.served;
    expect((await request(http()).get('/notes/guarded/one')).body).toEqual({ ok: true });
    expect(lane.served - before).toBe(0);
  });
});
