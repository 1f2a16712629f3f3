import type { Command } from "commander";

/**
 * Each command registers itself on the program. `setExitCode` lets a command report
 * PASS/FAIL/INCONCLUSIVE (0/1/4) without throwing; errors are thrown as EvalgateError.
 */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;
