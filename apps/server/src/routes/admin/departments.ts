import {
  AdminDepartment,
  AdminDepartmentListResponse,
  AdminIdParams,
  DepartmentCreateBody,
  DepartmentDeleteQuery,
  DepartmentDeleteResponse,
  DepartmentPatchBody,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  updateDepartment,
} from '../../domain/admin/departments.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: departments'];

/** Departments: members, routing mode, queue limit, business hours, offline message. */
const departmentAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/departments',
    { schema: { tags, response: { 200: AdminDepartmentListResponse, ...adminErrors } } },
    async () => ({ items: await listDepartments(app) }),
  );

  app.post(
    '/api/admin/departments',
    { schema: { tags, body: DepartmentCreateBody, response: { 201: AdminDepartment, ...adminErrors } } },
    async (request, reply) => {
      const d = await createDepartment(app, agentOf(request).me.id, request.body);
      return reply.code(201).send(d);
    },
  );

  app.patch(
    '/api/admin/departments/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: DepartmentPatchBody,
        response: { 200: AdminDepartment, ...adminErrors },
      },
    },
    async (request) => updateDepartment(app, agentOf(request).me.id, request.params.id, request.body),
  );

  app.delete(
    '/api/admin/departments/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        querystring: DepartmentDeleteQuery,
        response: { 200: DepartmentDeleteResponse, ...adminErrors },
      },
    },
    async (request) => {
      const { me } = agentOf(request);
      return deleteDepartment(app, { id: me.id, name: me.name }, request.params.id, request.query.moveTo);
    },
  );
  await Promise.resolve();
};
export default departmentAdminRoutes;
