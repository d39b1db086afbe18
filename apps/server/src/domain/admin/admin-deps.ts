import type { FastifyInstance } from 'fastify';

/** What admin operations use of the app: plain functions over these stay testable without HTTP. */
export type AdminDeps = Pick<
  FastifyInstance,
  'db' | 'store' | 'publisher' | 'bus' | 'presence' | 'env' | 'log' | 'sockets'
>;
