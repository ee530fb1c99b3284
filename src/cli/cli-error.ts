/** An error the CLI prints as one line and exits with `exitCode` (2: usage/input, 1: failure). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
