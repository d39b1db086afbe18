import type { ApiError } from '@livechat/protocol';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, HTTP_STATUS } from '../domain/domain-error.js';

/** Every error leaves as ApiError JSON: a code, a message, and for bad bodies a message per field. */
export default fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields: Record<string, string> = {};
        for (const issue of error.validation) {
          const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
          fields[path] ??= issue.message ?? 'is not valid';
        }
        const body: ApiError = {
          error: { code: 'bad_request', message: 'Some fields are not valid', fields },
        };
        return reply.code(400).send(body);
      }
      if (error instanceof DomainError) {
        const body: ApiError = { error: { code: error.code, message: error.message } };
        return reply.code(HTTP_STATUS[error.code]).send(body);
      }
      const status =
        typeof error === 'object' &&
        error !== null &&
        'statusCode' in error &&
        typeof error.statusCode === 'number'
          ? error.statusCode
          : 500;
      if (status === 429) {
        return reply.code(429).send({
          error: { code: 'rate_limited', message: 'Too many requests, try again shortly' },
        } satisfies ApiError);
      }
      if (status >= 400 && status < 500) {
        const message = error instanceof Error ? error.message : 'Bad request';
        return reply.code(status).send({
          error: { code: status === 404 ? 'not_found' : 'bad_request', message },
        } satisfies ApiError);
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({
        error: { code: 'internal', message: 'Something went wrong on our side' },
      } satisfies ApiError);
    });
    app.setNotFoundHandler((request, reply) => {
      void reply.code(404).send({
        error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
      } satisfies ApiError);
    });
    await Promise.resolve();
  },
  { name: 'http-errors' },
);
