import { UnprocessableEntityException } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { EmailField } from './dto-fields';
import { isEmailAddress, SafeText, textProblem } from './text-rules';
import { createValidationPipe } from './validation';

class Input {
  @IsOptional()
  @IsString()
  @SafeText()
  line?: string;

  @IsOptional()
  @IsString()
  @SafeText({ multiline: true })
  text?: string;

  @IsOptional()
  @IsString()
  @SafeText({ shownToOthers: true })
  title?: string;

  @IsOptional()
  @EmailField()
  email?: string;
}

async function fieldsOf(value: object): Promise<Record<string, string[]> | null> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Input });
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    const body = (error as UnprocessableEntityException).getResponse() as {
      fields: Record<string, string[]>;
    };
    return body.fields;
  }
}

describe('text rules', () => {
  it.each([
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', '\udc00'],
    ['high surrogate at the end', 'abc\udbff'],
    ['NUL', 'a\u0000b'],
    ['escape', 'a\u001bb'],
    ['DEL', 'a\u007f'],
    ['C1 control', 'a\u0085'],
    ['tab', 'a\tb'],
    ['line break', 'a\nb'],
  ])('a single line refuses a %s', (_name, value) => {
    expect(textProblem(value)).not.toBeNull();
  });

  it.each([
    ['plain text', 'Trademark filing: ACME'],
    ['accents and CJK', 'Zoë Ångström 東京'],
    ['a surrogate pair (emoji)', 'ok 👍'],
    ['Hebrew with a right-to-left mark', 'שלום\u200f 123'],
    ['an empty string', ''],
  ])('a single line accepts %s', (_name, value) => {
    expect(textProblem(value)).toBeNull();
    expect(textProblem(value, { multiline: true, shownToOthers: true })).toBeNull();
  });

  it('multi-line text allows tabs, LF and CRLF but no other control', () => {
    expect(textProblem('one\r\ntwo\n\tthree', { multiline: true })).toBeNull();
    expect(textProblem('a\u0000b', { multiline: true })).toMatch(/NUL/);
    expect(textProblem('a\u000bb', { multiline: true })).toMatch(/control characters/);
    expect(textProblem('a\ud800', { multiline: true })).toMatch(/lone surrogate/);
  });

  it.each([
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ])('a name shown to others refuses the bidi control U+%s', (char) => {
    expect(textProblem(`invoice${char}fdp.exe`, { shownToOthers: true })).toMatch(/direction/);
    expect(textProblem(`invoice${char}fdp.exe`)).toBeNull();
  });

  it('the pipe answers 422 naming each offending field', async () => {
    const fields = await fieldsOf({
      line: 'x\u0000',
      text: 'fine\nline',
      title: 'abc\u202egnp.exe',
    });
    expect(Object.keys(fields ?? {}).sort()).toEqual(['line', 'title']);
    expect(fields?.line).toEqual(['line must not contain NUL characters']);
    expect(fields?.title).toEqual(['title must not contain text-direction override characters']);
  });

  it('the pipe accepts good text in every field', async () => {
    expect(await fieldsOf({ line: 'a', text: 'a\r\nb', title: 'Zoë', email: 'a@b.com' })).toBe(
      null,
    );
  });
});

describe('e-mail addresses', () => {
  it.each(['\ud800', 'a\ud800@example.com', 'jane@exa\udfffmple.com', 'a\u0000@example.com'])(
    'never throws and refuses %j',
    (value) => {
      expect(() => isEmailAddress(value)).not.toThrow();
      expect(isEmailAddress(value)).toBe(false);
    },
  );

  it('accepts a real address', () => {
    expect(isEmailAddress('jane.doe+tm@example.co.uk')).toBe(true);
  });

  it('a lone surrogate in an e-mail field is a 422 on that field, not a thrown URIError', async () => {
    const fields = await fieldsOf({ email: '\ud800' });
    expect(fields).toEqual({ email: ['email must be a valid e-mail address'] });
  });
});
