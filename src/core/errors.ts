// Errors a user can act on. The CLI's single error boundary prints `message` and `hint`
// (never a stack trace unless --debug) and exits with `exitCode`.

export class EhcpError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: 1 | 2 | 130 = 2,
  ) {
    super(message);
    this.name = 'EhcpError';
  }
}

/** A usage error: a flag missing or wrong (exit 2). */
export class UsageError extends EhcpError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
    this.name = 'UsageError';
  }
}
