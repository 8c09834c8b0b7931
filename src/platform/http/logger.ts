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
      // Query strings carry search terms (names, dates of birth): log the path only.
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}
