import type { Command } from "commander";
import { registerRun } from "./run.js";
import { registerCompare } from "./compare.js";
import { registerExport } from "./export.js";
import { registerReport } from "./report.js";
import { registerRuns } from "./runs.js";
import { registerSim } from "./sim.js";
import { registerView } from "./view.js";
import { registerValidate } from "./validate.js";
import { registerInit } from "./init.js";
import { registerResume } from "./resume.js";

/**
 * Each command registers itself on the program. `setExitCode` lets a command report
 * PASS/FAIL/INCONCLUSIVE (0/1/4) without throwing; errors are thrown as EvalgateError.
 */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

export const commands: RegisterCommand[] = [registerRun, registerRuns, registerSim, registerView, registerValidate, registerInit, registerCompare, registerReport, registerExport, registerResume];
