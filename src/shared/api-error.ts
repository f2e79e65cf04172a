import type { ManagementError } from './schemas/errors';

/** A Management API failure, carrying Auth0's error body. Thrown by the server and the client alike. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ManagementError,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}
