import type { ErrorCode } from '@livechat/protocol';

/** An expected failure with a wire error code (a lost claim race, a forbidden action...). */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  frame_too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  already_claimed: 409,
  capacity_reached: 409,
  invalid_state: 409,
  unavailable: 503,
  internal: 500,
};
