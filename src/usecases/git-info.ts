import { execFileSync } from "node:child_process";

export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

/** The commit and dirty flag of the repository holding `dir`; nulls outside a repository. */
export function readGitInfo(dir: string): GitInfo {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] }).toString();
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
