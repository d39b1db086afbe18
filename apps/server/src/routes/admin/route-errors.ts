import { ApiError } from '@livechat/protocol';

/** The error answers every admin route documents. */
export const adminErrors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
} as const;
