import { DomainError } from '../domain-error.js';

/**
 * A body that parsed but names something that does not fit (an unknown department id, a taken
 * email): answered 400 (or `code`'s status) with a message for that field, like a schema error.
 */
export class FieldError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
    code: 'bad_request' | 'invalid_state' = 'bad_request',
  ) {
    super(code, `${field}: ${message}`);
    this.name = 'FieldError';
    this.fieldMessage = message;
  }
  readonly fieldMessage: string;
}
