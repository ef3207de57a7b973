/** A user-facing failure: one clear line on stderr and exit code 2 (bad usage or unreadable input). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
