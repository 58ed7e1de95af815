import {
  isEmail,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * What a text field may hold. Every string a request carries is stored, shown in the portal and
 * in e-mails, so none may hold a lone UTF-16 surrogate (not text: drivers would silently turn it
 * into U+FFFD, and some libraries throw on it), NUL or another control character. Line breaks
 * and tabs are allowed only where the field is multi-line (answers, messages, descriptions); a
 * CR is allowed there too, as half of a CRLF line break. Where the text is a name or title shown
 * to someone else, bidirectional embedding, override and isolate characters are refused as well:
 * they reorder what the reader sees ("txt.exe" shown as "exe.txt").
 */
export interface TextRuleOptions {
  /** Tab, LF and CR allowed (answers, messages, descriptions). */
  multiline?: boolean;
  /** A name or title shown to other people: no bidi embedding/override/isolate characters. */
  shownToOthers?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above, but tab, LF and CR are line layout
const CONTROL_EXCEPT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. The LRM/RLM marks stay allowed. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Why a string breaks the rules, as the end of a sentence naming the field; null when it is fine. */
export function textProblem(value: string, options: TextRuleOptions = {}): string | null {
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if ((options.multiline ? CONTROL_EXCEPT_LAYOUT : CONTROL).test(value)) {
    return options.multiline
      ? 'must not contain control characters other than tabs and line breaks'
      : 'must be a single line without control characters';
  }
  if (options.shownToOthers && BIDI_CONTROL.test(value)) {
    return 'must not contain text-direction override characters';
  }
  return null;
}

/** True when the string is well-formed UTF-16 (no lone surrogate). */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * The text rules as a class-validator decorator. Values that are not strings pass here: the
 * field's IsString (or its other rules) answers for them.
 */
export function SafeText(
  options: TextRuleOptions = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'safeText',
      constraints: [options],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !textProblem(value, options),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'text'} ${
            typeof args?.value === 'string'
              ? (textProblem(args.value, options) ?? 'is not valid text')
              : 'is not valid text'
          }`,
      },
    },
    validationOptions,
  );
}

/**
 * An e-mail address check that never throws: validator's isEmail calls encodeURI, which throws a
 * URIError on a lone surrogate, so well-formedness and control characters are checked first.
 */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || textProblem(value) !== null) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'email'} must be a valid e-mail address`,
      },
    },
    validationOptions,
  );
}
