import { ApiError, describeIssues, type ErrorCode } from '@livechat/protocol';
import type * as z from 'zod/mini';

/** A failed API call: the server's ApiError code, or `unavailable` when the server could not be reached. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Calls the same-origin API with the session cookie and parses the JSON answer with its protocol
 * schema: nothing from the wire reaches the stores unparsed.
 */
export async function requestJson<T>(
  schema: z.ZodMiniType<T>,
  method: Method,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, 'unavailable', 'The server could not be reached');
  }
  return parseResponse(schema, response, path);
}

/** POSTs a file's raw bytes (uploads), parsing the answer like `requestJson`. */
export async function uploadFile<T>(
  schema: z.ZodMiniType<T>,
  path: string,
  file: Blob,
  headers: Record<string, string>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...headers,
        'content-type': file.type || 'application/octet-stream',
        accept: 'application/json',
      },
      body: file,
    });
  } catch {
    throw new ApiRequestError(0, 'unavailable', 'The server could not be reached');
  }
  return parseResponse(schema, response, path);
}

async function parseResponse<T>(schema: z.ZodMiniType<T>, response: Response, path: string): Promise<T> {
  const json = await readJson(response);
  if (!response.ok) {
    const parsed = ApiError.safeParse(json);
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      throw new ApiRequestError(response.status, code, message, fields ?? {});
    }
    throw new ApiRequestError(
      response.status,
      response.status >= 500 ? 'internal' : response.status === 404 ? 'not_found' : 'bad_request',
      response.statusText,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      response.status,
      'internal',
      `Unexpected response from ${path}: ${describeIssues(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
