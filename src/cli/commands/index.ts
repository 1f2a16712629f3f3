import { registerRun } from "./run.js";
import { registerCompare } from "./compare.js";
import { registerMerge } from "./merge.js";
import { registerExport } from "./export.js";
import { registerReport } from "./report.js";
import { registerRuns } from "./runs.js";
import { registerSim } from "./sim.js";
import { registerView } from "./view.js";
import { registerValidate } from "./validate.js";
import { registerInit } from "./init.js";
import { registerResume } from "./resume.js";

import type { RegisterCommand } from "./register.js";

export type { RegisterCommand };

export const commands: RegisterCommand[] = [registerRun, registerRuns, registerSim, registerView, registerValidate, registerInit, registerCompare, registerMerge, registerReport, registerExport, registerResume];
