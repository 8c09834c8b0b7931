import type { FastifyServerOptions } from 'fastify';

/**
 * Personal data must never reach the logs: request bodies are not logged, and any field that
 * could identify a child, family member or referrer is censored wherever it appears.
 */
export const PERSONAL_FIELDS = [
  'given_name',
  'givenName',
  'family_name',
  'familyName',
  'name',
  'date_of_birth',
  'dateOfBirth',
  'dob',
  'nhs_number',
  'nhsNumber',
  'address',
  'postcode',
  'email',
  'phone',
  'password',
  'code',
  'username',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
      ],
      censor: '[redacted]',
    },
    serializers: {
      err: (error: Error) => redactError(error) as { type: string; message: string; stack: string },
      // Query strings carry search terms (names, dates of birth): log the path only.
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}

/** The fields of an error that never carry what was typed. */
const SAFE_ERROR_FIELDS = [
  'statusCode',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
] as const;

/** Words after which a quoted name is the database's own (a table, column or constraint), not a value. */
const QUOTED_NAME_AFTER =
  /\b(column|relation|constraint|table|index|function|type|schema|database|role|sequence|trigger|extension|encoding|operator|view|parameter)\s+$/i;

/**
 * Errors are logged by allow-list: type, a message with every quoted value removed, the stack's
 * frames, and the fields of a database error that name things rather than quote them. PostgreSQL's
 * `detail` ("Failing row contains (…)"), `where` ("JSON data, line 1: {…}", portal parameters), `hint`
 * and `internalQuery` quote what was typed, so they are never logged, nor is any other property.
 */
export function redactError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null && 'message' in error)) {
    return error;
  }
  const source = error as Error & Record<string, unknown>;
  const message = redactMessage(String(source.message ?? ''));
  const isDatabaseError = typeof source.severity === 'string' && typeof source.code === 'string';
  const type = isDatabaseError
    ? 'DatabaseError'
    : typeof source.constructor === 'function' && source.constructor.name !== 'Object'
      ? source.constructor.name
      : String(source.name ?? 'Error');
  const frames = String(source.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
  const out: Record<string, unknown> = {
    type,
    message,
    stack: [`${type}: ${message}`, ...frames].join('\n'),
  };
  // Under its own name: `code` is redacted wherever it appears (it is also a second-factor code's field).
  if (typeof source.code === 'string' || typeof source.code === 'number') out.errorCode = source.code;
  for (const field of SAFE_ERROR_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (source.cause !== undefined && depth < 3) out.cause = redactError(source.cause, depth + 1);
  return out;
}

/** Removes quoted values from an error message, keeping quoted names of tables, columns and the like. */
export function redactMessage(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'/g, (quoted, offset: number) =>
    QUOTED_NAME_AFTER.test(message.slice(Math.max(0, offset - 30), offset)) ? quoted : '"[redacted]"'
  );
}
