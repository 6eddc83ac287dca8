// Exit codes (pinned): 0 ok, 1 check or validation failed, 2 bad input or usage; a long-running
// command stopped by Ctrl-C ends with the shell's 130.
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad flags or arguments: the message is printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}
