// One table of stable error codes. The HTTP status is added at the edge (http/), the SMTP reply in inbound/.
export const errorCodes = {
  CONFIG_INVALID: 'configuration is invalid',
  DATA_DIR_LOCKED: 'the data folder is in use by another process',
  MESSAGE_TOO_LARGE: 'message exceeds the size limit',
  TOO_MANY_RECIPIENTS: 'too many recipients',
  MIME_TOO_DEEP: 'MIME structure is nested too deeply',
  MIME_TOO_MANY_PARTS: 'MIME structure has too many parts',
  STORE_UNAVAILABLE: 'storage is unavailable, try again later',
  NOT_FOUND: 'not found',
  INVALID_INPUT: 'invalid input',
  UNAUTHORIZED: 'missing or wrong bearer token',
  CLOCK_NOT_MANUAL: 'the clock is not manual',
  ALREADY_PROCESSED: 'the message was already processed',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class CoordinatorError extends Error {
  override name = 'CoordinatorError';
  constructor(
    readonly code: ErrorCode,
    message: string = errorCodes[code],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const httpStatus: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  DATA_DIR_LOCKED: 500,
  MESSAGE_TOO_LARGE: 413,
  TOO_MANY_RECIPIENTS: 400,
  MIME_TOO_DEEP: 400,
  MIME_TOO_MANY_PARTS: 400,
  STORE_UNAVAILABLE: 503,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  CLOCK_NOT_MANUAL: 409,
  ALREADY_PROCESSED: 409,
};
