import type { Command } from "commander";
import { LIMITS } from "../../core/limits.js";
import { ALLOW_PATH_HELP, collectList, collectPaths, positiveInt } from "../flags.js";
import type { ValidateFlags } from "./validate-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate validate SUITE…`: its flags here; the action (validate-action.ts, with the tokenizer) loads when it runs. */
export const registerValidate: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("validate")
    .description("load and cross-check suites without calls; print the plan, its estimated cost and one case's requests")
    .argument("<suite...>", "suite files")
    .option("--targets <ids>", "only these target ids (comma-separated)", collectList)
    .option("--filter-tag <tag>", "only cases with this tag (repeatable)", collectList)
    .option("--repeat <n>", "attempts per case and arm (overrides the suite's repeat)", positiveInt("--repeat", LIMITS.repeat))
    .option("--case <id>", "show the requests of this case (default: the first planned)")
    .option("--sim-config <file>", "simulator behaviour (replaces the suite's sim: key)")
    .option("--allow-path <dir>", ALLOW_PATH_HELP, collectPaths)
    .option("--json", "print the validation as JSON")
    .action(async (suites: string[], flags: ValidateFlags) => {
      const { validateAction } = await import("./validate-action.js");
      setExitCode(await validateAction(suites, flags));
    });
};
