import type { Command } from "commander";
import { portNumber } from "../flags.js";
import type { ViewFlags } from "./view-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate view`: its flags here; the server (view-action.ts) loads when it runs. */
export const registerView: RegisterCommand = (program: Command) => {
  program
    .command("view")
    .description("serve the dashboard (runs, attempts, comparisons, trends) on 127.0.0.1")
    .option("--port <n>", "port (0 picks a free one)", portNumber, 4173)
    .option("--host <host>", "interface to bind; anything but loopback needs --token", "127.0.0.1")
    .option("--token <token>", "require this token on every API call (default $EVALGATE_TOKEN)")
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .action(async (flags: ViewFlags) => {
      const { viewAction } = await import("./view-action.js");
      await viewAction(flags);
    });
};
