import { ReportExportQuery, ReportQuery, ReportResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { audit } from '../../domain/admin/audit.js';
import { buildReport } from '../../domain/reports/report.js';
import { reportCsv } from '../../domain/reports/report-csv.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: reports'];

/** Team performance for a period (whole days in a named time zone) and department; CSV export. */
const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/reports',
    { schema: { tags, querystring: ReportQuery, response: { 200: ReportResponse, ...adminErrors } } },
    async (request) => (await buildReport(app.db.prisma, request.query)).report,
  );

  app.get(
    '/api/admin/reports/export.csv',
    {
      schema: {
        tags,
        querystring: ReportExportQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { table = 'conversations', ...query } = request.query;
      const data = await buildReport(app.db.prisma, query);
      await audit(app.db.prisma, agentOf(request).me.id, 'report.export', table, { ...query });
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="livechat-${table}-${query.from}-${query.to}.csv"`,
        )
        .send(reportCsv(data, table));
    },
  );
  await Promise.resolve();
};
export default reportRoutes;
