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
import { registerImport } from "./import.js";
import { registerShadow } from "./shadow.js";
import { registerRollout } from "./rollout.js";

import type { RegisterCommand } from "./register.js";

export type { RegisterCommand };

/**
 * Every command, registered on each start. A command's file holds only its flags and help
 * (commander and small files: flags.ts, reporter-flags.ts, core/errors.js, core/limits.js);
 * its action is a sibling `NAME-action.ts` loaded by a dynamic import when the command
 * runs, so `--help` loads no use case, store, SDK or tokenizer. An action imports the
 * use-case files it calls rather than usecases/index.js (which loads the runner, the
 * providers and the simulator), so `runs` or `report` loads only the store and the
 * reporters (docs/design/architecture.md §5). `init` is one file: its action needs only node:fs.
 */
export const commands: RegisterCommand[] = [registerRun, registerRuns, registerSim, registerView, registerValidate, registerInit, registerCompare, registerMerge, registerReport, registerExport, registerResume, registerImport, registerRollout, registerShadow];
