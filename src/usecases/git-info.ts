import { execFile } from "node:child_process";
import { promisify } from "node:util";

export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

const run = promisify(execFile);
const git = async (dir: string, args: string[]): Promise<string> => (await run("git", args, { cwd: dir, encoding: "utf8" })).stdout;

/**
 * The commit and dirty flag of the repository holding `dir`; nulls outside a repository.
 * Both git commands run at once, as child processes the run does not wait on until it
 * records the run: `git status` on a large repository takes a while.
 */
export async function readGitInfo(dir: string): Promise<GitInfo> {
  try {
    const [commit, status] = await Promise.all([git(dir, ["rev-parse", "HEAD"]), git(dir, ["status", "--porcelain", "--untracked-files=no"])]);
    return { commit: commit.trim(), dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
