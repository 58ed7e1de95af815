import { ArgumentMetadata, UnprocessableEntityException } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { createValidationPipe } from './validation';

class RequestInput {
  @IsIn(['question', 'document', 'confirmation'])
  kind!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  prompt!: string;
}

class TaskInput {
  @IsString()
  @IsNotEmpty()
  title!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  priority?: number;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RequestInput)
  requests!: RequestInput[];
}

const BODY: ArgumentMetadata = { type: 'body', metatype: TaskInput };

async function refusal(value: unknown): Promise<{
  error: string;
  message: string;
  fields: Record<string, string[]>;
}> {
  try {
    await createValidationPipe().transform(value, BODY);
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).getStatus()).toBe(422);
    return (error as UnprocessableEntityException).getResponse() as never;
  }
  throw new Error('expected the pipe to refuse the input');
}

const valid = () => ({
  title: 'Sign the form',
  requests: [{ kind: 'question', prompt: 'Which class?' }],
});

describe('createValidationPipe', () => {
  it('lets valid input through as an instance of the DTO', async () => {
    const result = (await createValidationPipe().transform(valid(), BODY)) as TaskInput;
    expect(result).toBeInstanceOf(TaskInput);
    expect(result.requests[0]).toBeInstanceOf(RequestInput);
    expect(result).toEqual(valid());
  });

  it('answers 422 with messages keyed by the path of each bad field, nested arrays included', async () => {
    const response = await refusal({
      title: '',
      requests: [
        { kind: 'question', prompt: 'ok' },
        { kind: 'poem', prompt: '' },
      ],
    });
    expect(response.error).toBe('validation_failed');
    expect(Object.keys(response.fields).sort()).toEqual([
      'requests.1.kind',
      'requests.1.prompt',
      'title',
    ]);
    expect(response.fields['requests.1.prompt']).toEqual(['prompt should not be empty']);
    expect(response.fields['requests.1.kind'][0]).toContain('kind must be one of');
  });

  it('keys a bad first array item as requests.0.prompt', async () => {
    const response = await refusal({
      title: 'T',
      requests: [{ kind: 'question', prompt: 'x'.repeat(51) }],
    });
    expect(response.fields).toEqual({
      'requests.0.prompt': ['prompt must be shorter than or equal to 50 characters'],
    });
  });

  it('names the first bad field in the message', async () => {
    const response = await refusal({ title: 'T', requests: [{ kind: 'question', prompt: '' }] });
    expect(response.message).toBe('Please check requests.0.prompt: prompt should not be empty.');
  });

  it('refuses unknown properties instead of silently dropping them', async () => {
    const response = await refusal({ ...valid(), isAdmin: true });
    expect(response.fields).toEqual({ isAdmin: ['property isAdmin should not exist'] });
    expect(response.message).toContain('isAdmin');
  });

  it('refuses unknown properties inside nested items', async () => {
    const response = await refusal({
      title: 'T',
      requests: [{ kind: 'question', prompt: 'ok', extra: 1 }],
    });
    expect(Object.keys(response.fields)).toEqual(['requests.0.extra']);
  });

  it('reports every failing rule of a field, not just the first', async () => {
    const response = await refusal({ title: 'T', requests: [{ kind: 'question', prompt: 42 }] });
    expect(response.fields['requests.0.prompt'].length).toBeGreaterThan(1);
  });

  it('converts types only where the DTO says so', async () => {
    const result = (await createValidationPipe().transform(
      { ...valid(), priority: '3' },
      BODY,
    )) as TaskInput;
    expect(result.priority).toBe(3);
    const response = await refusal({ title: 7, requests: valid().requests });
    expect(Object.keys(response.fields)).toEqual(['title']);
  });

  it('refuses a missing required array', async () => {
    const response = await refusal({ title: 'T' });
    expect(Object.keys(response.fields)).toEqual(['requests']);
  });
});
